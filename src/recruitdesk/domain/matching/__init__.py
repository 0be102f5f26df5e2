"""Matching candidates to a position: the facts it reads (:mod:`.facts`), the fit of one
candidate with its reasons (:mod:`.fit`), and ranking many at once (:mod:`.ranking`)."""
