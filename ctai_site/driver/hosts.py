"""The hosts and the languages plugin ctai-site runs with, and the versions its tests run.

The driver leans on mkdocs-static-i18n's documented behaviour only (its per-language `build`
option, `fallback_to_default`, the sitemap it writes), but behaviour changes between versions
without a word in the options: a site built with another version than the tested one could
differ silently. So a build with another version stops with one French line saying which
versions work. MkDocs 1.6 and ProperDocs 1.6 (the maintained continuation of MkDocs 1.x, which
runs MkDocs plugins) are both supported hosts: `make test` builds the fixture site with each
and compares the two (tests/test_hosts.py).
"""

from __future__ import annotations

from importlib import metadata

# Distribution -> the versions the tests run (pyproject.toml pins the same).
TESTED = {"mkdocs-static-i18n": ("1.3.1",)}
HOSTS = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}


def version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def unsupported() -> list[str]:
    """One French line per installed package whose version the tests do not run."""
    lines = []
    for distribution, versions in TESTED.items():
        found = version(distribution)
        if found is not None and found not in versions:
            wanted = " ou ".join(versions)
            lines.append(
                f"ctai-site : {distribution} {found} n'est pas une version prise en charge "
                f"(versions testées : {wanted}) : installez-la avec "
                f'pip install "{distribution}=={versions[-1]}"'
            )
    return lines
