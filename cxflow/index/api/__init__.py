"""/api/v1 endpoints of the index domain. One module per noun; each adds its endpoints to the
one blueprint (api.blueprint) as it is imported."""

from cxflow.index.api import (
    catalogue,
    checklists,
    export,
    flags,
    periods,
    posters,
    scores,
    stats,
    surveys,
    verification,
)
from cxflow.index.api.blueprint import blp

__all__ = [
    "blp",
    "catalogue",
    "checklists",
    "export",
    "flags",
    "periods",
    "posters",
    "scores",
    "stats",
    "surveys",
    "verification",
]
