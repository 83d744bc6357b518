"""Boards of what is late across pilots and regions: roadmap checkpoints, overdue quick wins."""
