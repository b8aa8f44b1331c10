import sys

from ctai_site.cli import main

sys.exit(main())
