"""Entry point of ``python -m components``."""

import sys

from components.cli.main import main

sys.exit(main())
