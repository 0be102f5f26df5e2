"""PDF reports for a candidate and a shortlist (QtGui only: QPdfWriter, QTextDocument, QPainter)."""
