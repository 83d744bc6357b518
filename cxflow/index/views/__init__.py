"""HTML pages of the index domain. One module per noun; each adds its routes to the one
blueprint (views.blueprint) as it is imported."""

from cxflow.index.views import (
    catalogue,
    checklists,
    export,
    periods,
    posters,
    public,
    review,
    scores,
    stats,
    verification,
)
from cxflow.index.views.blueprint import bp

__all__ = [
    "bp",
    "catalogue",
    "checklists",
    "export",
    "periods",
    "posters",
    "public",
    "review",
    "scores",
    "stats",
    "verification",
]
