"""The candidate pane (:mod:`.pane`) and its sections: the details form, notes, the
pipeline, the interview scorecard and the analysis."""
