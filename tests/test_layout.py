"""The architecture, held: imports flow one way, down the layers; only the plugin imports
MkDocs; no import by string; no language text in Python; no module longer than about 600
lines without a reason at its top."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ctai_site"

# Lowest first. A module may import its own subpackage and any lower layer, never a higher one;
# two subpackages of one layer ignore each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("ctai_site", "ctai_site.files", "ctai_site.workers", "ctai_site.xlsx", "ctai_site.docs"),
    ("ctai_site.fiche",),
    ("ctai_site.translation", "ctai_site.templating"),
    ("ctai_site.opendata", "ctai_site.refugies_info", "ctai_site.bilan", "ctai_site.collect"),
    ("ctai_site.site",),
    ("ctai_site.config", "ctai_site.project", "ctai_site.guide"),
    ("ctai_site.driver",),
    ("ctai_site.plugin", "ctai_site.cli"),
    ("ctai_site.__main__",),
)
MAX_LINES = 600
# Arabic, Persian, Pashto (Arabic script), Ethiopic (Tigrinya), Cyrillic (Russian, Ukrainian).
LANGUAGE_TEXT = re.compile(r"[\u0400-\u04FF\u0600-\u06FF\u0750-\u077F\u1200-\u137F\uFB50-\uFDFF]")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _unit(module: str) -> str:
    """The layer entry a module belongs to: the longest matching name."""
    names = [n for layer in LAYERS for n in layer]
    found = [n for n in names if module == n or module.startswith(n + ".")]
    assert found, f"{module} belongs to no layer: add it to LAYERS"
    return max(found, key=len)


def _layer(unit: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return out


def test_every_module_belongs_to_a_layer() -> None:
    for module in _modules():
        _unit(module)


def test_imports_flow_down_the_layers() -> None:
    modules = _modules()
    wrong = []
    for module, path in modules.items():
        unit = _unit(module)
        for line, name in _imports(path):
            if not name.startswith("ctai_site") or name not in modules:
                continue
            target = _unit(name)
            if target == unit or target == "ctai_site":
                continue
            if _layer(target) >= _layer(unit):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}")
    assert not wrong, "\n".join(wrong)


def test_only_the_plugin_imports_mkdocs() -> None:
    wrong = [
        f"{path.name}:{line}: {name}"
        for module, path in _modules().items()
        for line, name in _imports(path)
        if name.split(".")[0] in ("mkdocs", "mkdocs_static_i18n", "material")
        and module != "ctai_site.plugin"
    ]
    assert not wrong, wrong


def test_no_import_by_string() -> None:
    for path in _modules().values():
        text = path.read_text(encoding="utf-8")
        assert "import_module(" not in text and "__import__(" not in text, path
        assert not re.search(r"\"ctai_site(\.\w+)+:\w+\"", text), path


def test_no_language_text_in_python() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{n}"
        for path in PACKAGE.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if LANGUAGE_TEXT.search(line)
    ]
    assert not found, "language text belongs in translations/: " + ", ".join(found)


def test_long_modules_say_why() -> None:
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES:
            doc = ast.get_docstring(ast.parse(text)) or ""
            assert "Long on purpose" in doc, f"{path}: split it, or say why at its top"


def test_every_subpackage_ships_in_the_wheel() -> None:
    """pyproject.toml lists the packages (it maps translations/ into one): a new subpackage
    missing there would be left out of the wheel."""
    listed = set(
        tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(init.parent.relative_to(PACKAGE.parent).parts)
        for init in PACKAGE.rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)
