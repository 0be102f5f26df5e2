"""recruitdesk: a desktop workstation for recruiters who hire senior Python developers."""

__version__ = "0.1.0"
APP_NAME = "recruitdesk"
