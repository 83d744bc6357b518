"""The federal monitoring report (seed 001 App. 5) and a region's results report (App. 6)."""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from cxflow.pilots.services import list_pilots
from cxflow.roadmaps import services
from cxflow.roadmaps.methodology import templates
from cxflow.roadmaps.models import Activity, ActivityKind
from cxflow.users.models import User
from cxflow.workflows.definitions import ACTIVITY

STATUS_TITLES = {
    **ACTIVITY.state_titles,
    "overdue": _l("overdue"),
    "missing": _l("missing"),
}


@dataclass
class MonitoringRow:
    number: str
    title: str
    result: str
    statuses: dict[int, str] = field(default_factory=dict)  # pilot id -> status or "overdue"


@dataclass
class MonitoringReport:
    direction: str | None
    template_key: str | None
    pilots: list[Pilot]
    rows: list[MonitoringRow]


def cell_status(activity: Activity | None, overdue: bool) -> str:
    if activity is None:
        return "missing"
    return "overdue" if overdue else activity.status


def monitoring_report(actor: User, direction: str | None) -> MonitoringReport:
    """One row per template line, one status per pilot (region) the user may see."""
    pilots = list(db.session.scalars(list_pilots(actor, direction)))
    keys = Counter(p.template_key for p in pilots if p.template_key)
    template_key = keys.most_common(1)[0][0] if keys else None
    if template_key is None:
        return MonitoringReport(direction, None, pilots, [])
    pilots = [p for p in pilots if p.template_key == template_key]
    overdue = sa.case((services.overdue_clause(), True), else_=False).label("overdue")
    stmt = (
        sa.select(Activity, overdue)
        .where(Activity.pilot_id.in_([p.id for p in pilots]), Activity.template_number.is_not(None))
        .options(selectinload(Activity.deliverables))
    )
    found = {
        (row.Activity.pilot_id, row.Activity.template_number): row
        for row in db.session.execute(stmt)
    }
    rows = []
    for item in templates()[template_key].items:
        if item.kind == ActivityKind.heading:
            continue
        row = MonitoringRow(item.number, item.title, item.result)
        for pilot in pilots:
            match = found.get((pilot.id, item.number))
            row.statuses[pilot.id] = cell_status(
                match.Activity if match else None, bool(match and match.overdue)
            )
        rows.append(row)
    return MonitoringReport(
        direction, template_key, sorted(pilots, key=lambda p: p.region.code), rows
    )
