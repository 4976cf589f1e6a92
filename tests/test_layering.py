"""core/ is the domain: it must never import Textual (the TUI depends on it, not the reverse)."""

import subprocess
import sys
from pathlib import Path

import coprod_events


def test_core_imports_no_textual():
    core = Path(coprod_events.__file__).parent / "core"
    modules = sorted(f"coprod_events.core.{p.stem}" for p in core.glob("*.py") if p.stem != "__init__")
    assert "coprod_events.core.checkin" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
