"""``python -m recruitdesk``: the same as the ``recruitdesk`` command."""

import multiprocessing
import sys

from recruitdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
