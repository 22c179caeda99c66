"""Theme: the research group sorts answers into themes (codebook, sessions, agreement)."""
