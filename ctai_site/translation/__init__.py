"""Translations of the fiches, the territory and the interface: files, fingerprints, coverage,
and the term base (`terms.py`) they are checked against."""

from ctai_site.translation.coverage import *  # noqa: F403
from ctai_site.translation.store import *  # noqa: F403
from ctai_site.translation.terms import *  # noqa: F403
