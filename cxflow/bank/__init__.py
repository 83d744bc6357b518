"""The knowledge bank: every region's solutions, searchable, and what worked elsewhere."""
