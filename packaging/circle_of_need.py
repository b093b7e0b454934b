"""The installed app's program (packaging/circle-of-need.spec): `circle-of-need` with its window and commands."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First of all: a worker process the report starts is this same program, started again with
    # multiprocessing's own arguments; send it to its work before anything reads the command line.
    multiprocessing.freeze_support()
    from app.cli import run

    sys.exit(run())
