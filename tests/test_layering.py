"""Which part of the package may import which, read from the source with the ast module.

core/ is the domain: it imports neither the TUI nor the CLI nor Textual (they depend on it, not
the reverse). The TUI never imports the CLI. In the TUI, screens/ holds the app's full screens,
and none imports another: one screen reaches another through CoprodApp's open_* methods.
Dialogs (modal screens a screen pushes for an answer) live in dialogs/, widgets and table
helpers in widgets/; neither imports a screen, and widgets import no dialog.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import coprod_events

PACKAGE = Path(coprod_events.__file__).parent
CORE, TUI, CLI = "coprod_events.core", "coprod_events.tui", "coprod_events.cli"
SCREENS, DIALOGS, WIDGETS = f"{TUI}.screens", f"{TUI}.dialogs", f"{TUI}.widgets"


def imported_modules(source: str, package: str) -> set[str]:
    """Every module the source imports, anywhere in it (a function's lazy import too), as an
    absolute name; `package` resolves relative imports. `from x import y` imports x and, when y
    is a module, x.y: both are counted."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_in(package: str) -> dict[str, Path]:
    """The package's modules (its subpackages' too), by name."""
    folder = PACKAGE.parent.joinpath(*package.split("."))
    return {module_name(path): path for path in sorted(folder.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imported_modules(path.read_text(encoding="utf-8"), package)


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def imports_from(importers: str, forbidden: tuple[str, ...]) -> list[str]:
    """Each import of a module in `importers` from any of the forbidden packages, in words."""
    return sorted(f"{module} imports {target}"
                  for module, path in modules_in(importers).items()
                  for target in imports_of(path)
                  if any(within(target, package) for package in forbidden))


def test_the_import_reader_sees_relative_and_lazy_imports():
    source = "from .confirm import ConfirmScreen\n\ndef open_it():\n    from ..app import CoprodApp\n"
    assert imported_modules(source, SCREENS) >= {f"{SCREENS}.confirm", f"{TUI}.app"}
    assert f"{CORE}.checkin" in imports_of(modules_in(SCREENS)[f"{SCREENS}.desk"])
    assert f"{SCREENS}.desk" in imports_of(modules_in(TUI)[f"{TUI}.app"])  # inside a method


def test_core_imports_neither_the_tui_nor_the_cli_nor_textual():
    assert f"{CORE}.checkin" in modules_in(CORE)
    assert imports_from(CORE, (TUI, CLI, "textual")) == []


def test_the_tui_never_imports_the_cli():
    assert imports_from(TUI, (CLI,)) == []


def test_screens_do_not_import_one_another():
    assert f"{SCREENS}.event" in modules_in(SCREENS)
    assert imports_from(SCREENS, (SCREENS,)) == []


def test_dialogs_and_widgets_import_no_screen_and_widgets_no_dialog():
    assert imports_from(DIALOGS, (SCREENS,)) == []
    assert imports_from(WIDGETS, (SCREENS, DIALOGS)) == []


def modal_screens(package: str) -> list[str]:
    """Classes in the package whose base is ModalScreen (ModalScreen[...] too)."""
    def modal(base: ast.expr) -> bool:
        base = base.value if isinstance(base, ast.Subscript) else base
        return (base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")) == "ModalScreen"

    return [f"{name}.{node.name}" for name, path in modules_in(package).items()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ClassDef) and any(modal(base) for base in node.bases)]


def test_modal_screens_live_in_dialogs_not_screens():
    assert f"{DIALOGS}.confirm.ConfirmScreen" in modal_screens(DIALOGS)
    assert modal_screens(SCREENS) == []


def test_core_loads_no_textual_even_indirectly():
    """Importing every core module, in a fresh interpreter, leaves Textual unloaded (the ast tests
    see only core's own imports, not what a library it uses pulls in)."""
    modules = sorted(name for name in modules_in(CORE) if name != CORE)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
