"""Demo solution maps and quick wins of the seeded pilots (seed 001 §4.3, §4.9; seed 003)."""


def seed_solutions() -> int:
    """Add the demo solution maps; returns how many solutions were added."""
    return 0
