"""Analysis: turns a GitHub login, a local folder or an archive into a result value.

No Qt, no database: the callers store the value.
"""
