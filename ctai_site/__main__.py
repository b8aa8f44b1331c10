import sys

from ctai_site.cli import run

sys.exit(run())
