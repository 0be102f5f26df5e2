"""The PySide6 user interface. The only layer (with jobs and reports) that imports Qt."""

from recruitdesk.gui import ending as _ending  # noqa: F401 - first: see its docstring
