"""Pilots, roadmap templates, activities and checkpoints with working-day deadlines."""
