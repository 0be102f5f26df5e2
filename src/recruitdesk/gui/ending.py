"""Ending the app's process quickly once its window has closed.

Python's own ending took about a second, more with a large database (issue 18:
"Quitting the app takes about 2 s"): PySide6's exit handler deletes every widget one by
one, then the interpreter frees every object the window held; none of it saves
anything. Once the window has closed and everything is saved (:func:`end_with`), the
process ends from an exit handler registered just after PySide6's: the handlers
registered later still run first (temporary folders removed, child processes ended), as
does the log's (registered earlier), here.

This module is imported by the package ``recruitdesk.gui`` before anything else of it,
so that its handler follows PySide6's whatever the GUI imports next.
"""

import atexit
import logging
import os
import sys

import PySide6.QtCore  # noqa: F401 - its exit handler is registered on import, before ours

#: The code the process ends with, once :func:`end_with` was called.
_ENDING: list[int] = []


def end_with(code: int) -> None:
    """At the process's exit, end it with ``code`` without tearing the GUI down."""
    _ENDING.append(code)


def _end_without_teardown() -> None:
    if _ENDING:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_ENDING[0])


atexit.register(_end_without_teardown)
