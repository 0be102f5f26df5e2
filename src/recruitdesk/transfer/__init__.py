"""Data in and out (docs/architecture.md, "Layers"): files of people and bundles read,
checked and written through storage; exports written whole. Never imports Qt.

:mod:`.formats` is the one table of the import and export formats.
"""
