"""The `coprod-events` command's entry point: imports with the garbage collector paused.

Start-up creates tens of thousands of long-lived objects (modules, classes, the app's styles
and widgets) and almost no garbage, so every collection during it is wasted time: about a
sixth of the desk's cold start. The collector is back on as soon as the command is parsed,
or, for the full-screen app, after its first paint (see `cli._run_app`).
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from .cli import main as cli_main

    gc.freeze()  # what the imports built is kept for good: no collection ever scans it
    gc.enable()
    cli_main()
