"""Pilots: the pilot, its phases, offices and deliverables, its page tabs."""
