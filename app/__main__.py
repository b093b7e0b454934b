"""`python -m app` is the `circle-of-need` command (and the installed app's entry: packaging/circle-of-need.spec)."""

import sys

from app.cli import run

if __name__ == "__main__":
    sys.exit(run())
