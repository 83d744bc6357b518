"""The tabs of a pilot's pages: each domain that hangs off a pilot contributes its tab
(extension point "pilot_tabs" of cxflow.core.modules)."""

from dataclasses import dataclass

from cxflow.core.modules import contributions


@dataclass(frozen=True)
class PilotTab:
    endpoint: str  # called with pilot_id
    title: object  # a lazy string
    order: int


def pilot_tabs() -> list[PilotTab]:
    return sorted(contributions("pilot_tabs"), key=lambda tab: tab.order)
