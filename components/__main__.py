"""Entry point of ``python -m components``."""

import sys

from .cli.main import main

sys.exit(main())
