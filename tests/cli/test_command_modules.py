"""Commands in modules of their own are imported only when used: each still runs from a fresh
start (a command the lazy list forgets would be "No such command"), and the desk's start does
not import them."""

from __future__ import annotations

import json
import re
import subprocess
import sys

# For each name, a child forked from a process that has imported only `coprod_events.cli`
# (fresh state, cheap) asks the top-level group for that command, as `coprod-events NAME` does.
RESOLVE_EACH_FRESH = """
import json, os, sys
import click
from coprod_events.cli import main

missing = []
for name in json.loads(sys.argv[1]):
    child = os.fork()
    if child == 0:
        os._exit(0 if main.get_command(click.Context(main), name) is not None else 1)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        missing.append(name)
print(json.dumps(missing))
"""


def listed_commands(help_text: str) -> list[str]:
    commands = help_text.split("\nCommands:\n", 1)[1]
    return [match[1] for match in re.finditer(r"^  (\S+)\s", commands, re.MULTILINE)]


def test_every_command_in_the_help_runs_from_a_fresh_start(cli):
    names = listed_commands(cli("--help").stdout)
    assert {"desk", "audit", "backup", "person", "serve", "payments"} <= set(names)
    result = subprocess.run([sys.executable, "-c", RESOLVE_EACH_FRESH, json.dumps(names)],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_a_lazy_group_brings_every_subcommand(cli):
    """`person` is one module's group; another module adds export and erase to it."""
    assert {"show", "export", "erase"} <= set(listed_commands(cli("person", "--help").stdout))


def test_the_desk_command_leaves_the_other_command_modules_unloaded():
    code = ("import sys\nfrom coprod_events.cli import main\n"
            "main.get_command(None, 'desk')\n"
            "print(sorted(m for m in sys.modules if m.startswith('coprod_events.cli.')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_mistyped_command_is_answered_with_the_one_meant(cli):
    assert "Did you mean 'export'?" in cli("expor", expect=2).stderr
