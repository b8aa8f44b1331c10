"""Translations of the fiches, the territory and the interface: files, fingerprints, coverage."""

from ctai_site.translation.coverage import *  # noqa: F403
from ctai_site.translation.store import *  # noqa: F403
