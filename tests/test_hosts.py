"""Any maintained MkDocs: the fixture site built by MkDocs 1.6 and by ProperDocs 1.6 (its
maintained continuation) is the same, file for file, but for the generator each page names; a
version of mkdocs-static-i18n the tests do not run stops the build with one French line; the
plugin reaches into no host's internals."""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pytest
from sites import make_project, mkdocs_build

from ctai_site.driver import hosts

PACKAGE = Path(__file__).resolve().parents[1] / "ctai_site"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def tree(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file, the generator tag left out of the pages."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".html":
                data = GENERATOR.sub(b"", data)
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


def test_properdocs_builds_the_same_site(built_site: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = mkdocs_build(project, host="properdocs")
    assert result.returncode == 0, result.stderr[-3000:]
    built, expected = tree(project / "site"), tree(built_site)
    assert sorted(built) == sorted(expected)
    assert [p for p in expected if built[p] != expected[p]] == []
    page = (project / "site" / "ar" / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs 1.6.' in page  # it was ProperDocs


def test_another_mkdocs_static_i18n_is_one_french_line(tmp_path: Path) -> None:
    """A release the tests do not run (here a 1.3.2, as importlib.metadata reports it: a
    distribution found first on the path) stops the build before it starts."""
    from importlib import metadata

    real = metadata.distribution("mkdocs-static-i18n")
    fake = tmp_path / "path" / "mkdocs_static_i18n-1.3.2.dist-info"
    fake.mkdir(parents=True)
    (fake / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: mkdocs-static-i18n\nVersion: 1.3.2\n", encoding="utf-8"
    )
    (fake / "entry_points.txt").write_text(real.read_text("entry_points.txt") or "", "utf-8")
    project = make_project(tmp_path / "project")
    result = mkdocs_build(project, env={"PYTHONPATH": str(fake.parent)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [x for x in result.stderr.splitlines() if "mkdocs-static-i18n 1.3.2" in x]
    assert len(lines) == 1, result.stderr[-2000:]
    assert f"versions testées : {hosts.TESTED['mkdocs-static-i18n'][0]}" in lines[0]
    assert not (project / "site").exists()


# What the plugin may use of the hosts: each name is in their documentation (MkDocs' « Developing
# plugins » and API reference, Material's options, mkdocs-static-i18n's options and its
# « i18n context »), or is Python's. Anything else (a private attribute, an internal function)
# breaks when a host changes: the driver does that work, in our own code.
DOCUMENTED = {
    # MkDocs' plugin API (mkdocs.plugins, mkdocs.config, mkdocs.exceptions, structure.files)
    "BasePlugin",
    "CombinedEvent",
    "event_priority",
    "get_plugin_logger",
    "PluginError",
    "File",
    "Files",
    "InclusionLevel",
    "EXCLUDED",
    "generated",
    "config_options",
    "base",
    "Config",
    "Type",
    "Optional",
    "ValidationError",
    "load_config",
    "MkDocsConfig",
    "LiveReloadServer",
    "Page",
    "TemplateContext",
    # the configuration's documented options, the theme's documented attributes
    "config",
    "plugins",
    "theme",
    "dirs",
    "custom_dir",
    "markdown_extensions",
    "site_url",
    "site_dir",
    "docs_dir",
    "config_file_path",
    "strict",
    "use_directory_urls",
    "site_name",
    "site_description",
    "extra",  # « extra: a set of key-value pairs … for use in templates » (mkdocs.yml's options)
    "get",
    # File, Files, Page (MkDocs' API reference)
    "src_uri",
    "dest_uri",
    "src_path",
    "src_dir",
    "dest_dir",
    "inclusion",
    "url",
    "file",
    "is_documentation_page",
    "get_file_from_path",
    "append",
    "remove",
    # the live-reload server: what `on_serve` documents
    "watch",
    "unwatch",
    # Jinja's environment (on_env)
    "bytecode_cache",
    # mkdocs-static-i18n's documented options
    "languages",
    "locale",
    "name",
    "default",
    "build",
    "link",
    "fixed_link",
    "reconfigure_search",
}


def _names(tree: ast.AST) -> set[str]:
    """Names defined by our own code: functions, classes, attributes set on self, fields."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            found.add(node.attr)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found.add(node.target.id)
        elif isinstance(node, ast.Assign):
            found.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return found


def test_the_plugin_uses_only_documented_names_of_the_hosts() -> None:
    plugin = ast.parse((PACKAGE / "plugin.py").read_text(encoding="utf-8"))
    ours = set().union(*(_names(ast.parse(p.read_text("utf-8"))) for p in PACKAGE.rglob("*.py")))
    python = {"parent", "__name__", "strip", "startswith", "insert", "cwd", "info", "values"}
    used = {n.attr for n in ast.walk(plugin) if isinstance(n, ast.Attribute)}
    imported = {
        alias.name
        for n in ast.walk(plugin)
        if isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "mkdocs"
        for alias in n.names
    }
    # Names our code defines are ours (a host's attribute named like one of ours would pass:
    # the private-name check below still holds); any other name of a host: documented.
    unknown = sorted((used | imported) - DOCUMENTED - python - ours)
    assert unknown == [], f"plugin.py uses undocumented host names: {unknown}"
    private = sorted(
        f"{ast.unparse(n)}"
        for n in ast.walk(plugin)
        if isinstance(n, ast.Attribute)
        and n.attr.startswith("_")
        and not (isinstance(n.value, ast.Name) and n.value.id in ("self", "cls"))
        and not n.attr.startswith("__")
    )
    assert private == [], f"plugin.py reads private attributes: {private}"


@pytest.mark.parametrize("forbidden", ["os.fork", "fork(", "utils.clean_directory", "_epoch"])
def test_nothing_forks_or_patches_a_host(forbidden: str) -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}"
        for path in PACKAGE.rglob("*.py")
        if forbidden in path.read_text(encoding="utf-8")
    ]
    assert found == []


def test_the_plugin_assigns_nothing_to_a_module() -> None:
    """No patching: no `module.attribute = …` in the plugin."""
    plugin = ast.parse((PACKAGE / "plugin.py").read_text(encoding="utf-8"))
    modules = {
        (alias.asname or alias.name).split(".")[0]
        for n in ast.walk(plugin)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for alias in n.names
    }
    patched = [
        ast.unparse(target)
        for n in ast.walk(plugin)
        if isinstance(n, ast.Assign)
        for target in n.targets
        if isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id in modules
    ]
    assert patched == []


def test_the_plugin_is_glue() -> None:
    lines = (PACKAGE / "plugin.py").read_text(encoding="utf-8").count("\n")
    assert lines <= 250, f"plugin.py: {lines} lines; the work belongs in ctai_site/driver/"
