"""Browser tests: Chromium against the built site (see conftest.py)."""
