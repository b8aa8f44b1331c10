"""Translations of the fiches, the territory and the interface: files, fingerprints, coverage,
and the term base (`terms.py`) they are checked against.

The names of `coverage`, `store` and `terms` are this package's (`i18n.load_translations`),
imported on first use: `ctai-site validate` formats a date with `l10n` and needs none of them
(30 ms of imports saved on each run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ctai_site.translation.coverage import *  # noqa: F403
    from ctai_site.translation.store import *  # noqa: F403
    from ctai_site.translation.terms import *  # noqa: F403


def __getattr__(name: str) -> object:
    # `import … as`, not `from ctai_site.translation import …`: that one asks this function
    # for a submodule not imported yet, and so on forever
    import ctai_site.translation.coverage as coverage
    import ctai_site.translation.store as store
    import ctai_site.translation.terms as terms

    names = globals()
    for module in (coverage, store, terms):  # what the star imports bound, the last one winning
        names.update((k, v) for k, v in vars(module).items() if not k.startswith("_"))
    if name not in names:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return names[name]
