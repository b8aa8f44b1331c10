"""Translations of the fiches and of the interface: files, fingerprints, coverage."""

from ctai_site.translation.store import *  # noqa: F403
