"""The PySide6 user interface. The only layer (with jobs and reports) that imports Qt."""
