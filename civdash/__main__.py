"""Entry point for `python -m civdash`."""

import sys

from civdash.cli import main

sys.exit(main())
