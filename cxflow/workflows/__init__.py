"""State machines declared as data (transitions) and the history of every transition."""
