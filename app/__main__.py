"""`python -m app` is the `circle-of-need` command."""

import sys

from app.cli import main

sys.exit(main())
