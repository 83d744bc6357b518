"""Panels of an office's and a region's page contributed by the domains above orgs (extension
points "office_page_panels" and "region_page_panels" of cxflow.core.modules): orgs shows them
without knowing those domains. A panel's template gets `office` (or `region`) and decides
itself whom it shows anything to."""

from dataclasses import dataclass

from cxflow.core.modules import contributions


@dataclass(frozen=True)
class OfficePanel:
    template: str
    order: int = 100


def office_panels() -> list[OfficePanel]:
    return sorted(contributions("office_page_panels"), key=lambda panel: panel.order)


@dataclass(frozen=True)
class RegionPanel:
    template: str
    order: int = 100


def region_panels() -> list[RegionPanel]:
    return sorted(contributions("region_page_panels"), key=lambda panel: panel.order)
