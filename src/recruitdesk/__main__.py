"""``python -m recruitdesk``: the same as the ``recruitdesk`` command."""

import sys

from recruitdesk.cli import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen Windows build's workers start here
    sys.exit(main())
