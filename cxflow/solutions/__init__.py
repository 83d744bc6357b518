"""Solution maps, quick wins and the knowledge bank."""
