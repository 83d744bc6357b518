"""The federal monitoring report (seed 001 App. 5) and a region's results report (App. 6)."""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from cxflow.pilots.services import list_pilots
from cxflow.roadmaps import services
from cxflow.roadmaps.methodology import templates
from cxflow.roadmaps.models import Activity
from cxflow.users.models import User
from cxflow.workflows.definitions import ACTIVITY

STATUS_TITLES = {
    **ACTIVITY.state_titles,
    "overdue": _l("overdue"),
    "missing": _l("missing"),
}


@dataclass
class MonitoringRow:
    position: int  # «№ п/п» of the form (1–15 in seed 001 App. 5)
    number: str  # the template's line
    title: str
    result: str
    statuses: dict[int, str] = field(default_factory=dict)  # pilot id -> status or "overdue"
    notes: dict[int, str] = field(default_factory=dict)  # pilot id -> the line's note


@dataclass
class MonitoringReport:
    direction: str | None
    template_key: str | None
    title: str
    source: str
    pilots: list[Pilot]
    rows: list[MonitoringRow]


GENERIC_TITLE = "Отчет о мониторинге проведения пилотной апробации"


def cell_status(activity: Activity | None, overdue: bool) -> str:
    if activity is None:
        return "missing"
    return "overdue" if overdue else activity.status


def monitoring_report(actor: User, direction: str | None) -> MonitoringReport:
    """The monitoring report in the form's own layout (seed 001 App. 5): the template's rows in
    the form's order and its title (`[monitoring]` of the template; without one, the typical
    roadmap's lines), one status and note per pilot (region) the user may see."""
    pilots = list(db.session.scalars(list_pilots(actor, direction)))
    keys = Counter(p.template_key for p in pilots if p.template_key in templates())
    template_key = keys.most_common(1)[0][0] if keys else None
    if template_key is None:
        return MonitoringReport(direction, None, GENERIC_TITLE, "", pilots, [])
    template = templates()[template_key]
    form = template.monitoring
    title = form.title if form else f"{GENERIC_TITLE}: {template.title}"
    pilots = [p for p in pilots if p.template_key == template_key]
    overdue = sa.case((services.overdue_clause(), True), else_=False).label("overdue")
    stmt = sa.select(Activity, overdue).where(
        Activity.pilot_id.in_([p.id for p in pilots]), Activity.template_number.is_not(None)
    )
    found = {
        (row.Activity.pilot_id, row.Activity.template_number): row
        for row in db.session.execute(stmt)
    }
    rows = []  # a region's own added lines (no template number) are not in the form
    for position, item in enumerate(template.monitoring_rows(), start=1):
        row = MonitoringRow(position, item.number, item.title, item.result)
        for pilot in pilots:
            match = found.get((pilot.id, item.number))
            row.statuses[pilot.id] = cell_status(
                match.Activity if match else None, bool(match and match.overdue)
            )
            if match and match.Activity.note.strip():
                row.notes[pilot.id] = match.Activity.note.strip()
        rows.append(row)
    source = form.source if form else template.source
    pilots = sorted(pilots, key=lambda p: (p.region.code, p.id))
    return MonitoringReport(direction, template_key, title, source, pilots, rows)


def note_text(report: MonitoringReport, row: MonitoringRow) -> str:
    """«Примечание»: each region's note of the line, the region named when there are several."""
    notes = [(p, row.notes[p.id]) for p in report.pilots if p.id in row.notes]
    if len(report.pilots) == 1:
        return "\n".join(note for _, note in notes)
    return "\n".join(f"{p.region.code}: {note}" for p, note in notes)
