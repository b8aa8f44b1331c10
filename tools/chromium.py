"""Debian's Chromium as the tests and the bench start it: this machine's network is closed, so
no background request (updates, sync, metrics), and no sandbox (it runs as root in CI)."""

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
