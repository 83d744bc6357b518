"""Rules for pilots: creating, listing and editing them, their phases, offices and documents."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core import access, files, methodology
from cxflow.core.access import User
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.methodology import services as methodology_versions
from cxflow.orgs.models import Office, Region
from cxflow.pilots.models import Deliverable, DeliverableKind, Direction, Pilot, PilotPhase
from cxflow.pilots.signals import pilot_created, work_changed

PHASES = ("preparatory", "main", "final")
MAX_PROJECT_YEAR = 2100  # the production calendar's last year (cxflow.calendar)


def list_pilots(actor: User, direction: str | None = None, region_code: str | None = None):
    stmt = (
        sa.select(Pilot)
        .options(
            selectinload(Pilot.region), selectinload(Pilot.offices), selectinload(Pilot.phases)
        )
        .order_by(Pilot.start_date.desc())
    )
    if direction:
        stmt = stmt.where(Pilot.direction == direction)
    if region_code:
        stmt = stmt.where(Pilot.region.has(Region.code == region_code))
    return access.scoped(stmt, Pilot, actor)


def create_pilot(
    actor: User,
    *,
    region_id: int | None,
    direction: str | None,
    title: str | None,
    template: str | None,
    start_date: dt.date | None,
    end_date: dt.date | None = None,
    project_year: int | None = None,
    optional_lines: bool = True,
) -> Pilot:
    """A pilot; from a template, with the template's lines (and, unless `optional_lines` is
    false, the programme's lines that the typical roadmap omits) and phases. `project_year` is
    the calendar year of a template of fixed days (seed 004 §2), the start's year by default."""
    errors: dict = {}
    region = db.session.get(Region, region_id) if region_id else None
    if region is None or not access.can_see_region(actor, region.id):
        errors["region_id"] = _l("Choose an existing region.")
    if direction not in Direction.__members__:
        errors["direction"] = _l("Choose a direction.")
    if not (title or "").strip():
        errors["title"] = _l("Enter a title.")
    chosen = methodology.documents("roadmaps").get(template) if template else None
    if template and chosen is None:
        errors["template"] = _l("Unknown roadmap template.")
    if start_date is None:
        errors["start_date"] = _l("Enter the start date.")
    elif end_date is not None and end_date < start_date:
        errors["end_date"] = _l("The end date is before the start date.")
    if project_year is not None:
        fixed_days = chosen and any("due_day" in item for item in chosen.raw.get("items", ()))
        if not fixed_days:
            errors["project_year"] = _l("Only a template of fixed days of the year has one.")
        elif start_date and not start_date.year <= project_year <= MAX_PROJECT_YEAR:
            errors["project_year"] = _l(
                "From the year the pilot starts (%(year)s) to %(max)s.",
                year=start_date.year,
                max=MAX_PROJECT_YEAR,
            )
    if errors:
        raise ValidationError(errors)
    access.require(actor, "pilots.manage", region.id)
    pilot = Pilot(
        region=region,
        direction=Direction(direction),
        title=title.strip(),
        template_key=chosen.key if chosen else None,
        template_version=chosen.version if chosen else None,
        start_date=start_date,
        end_date=end_date,
        phases=_template_phases(chosen, start_date) if chosen else [],
    )
    db.session.add(pilot)
    if chosen:
        methodology_versions.record(chosen)
    db.session.flush()
    # cxflow.roadmaps adds the template's lines and phases
    pilot_created.send(pilot, project_year=project_year, optional_lines=optional_lines)
    return pilot


def _template_phases(document: methodology.Document, start: dt.date) -> list[PilotPhase]:
    """The template's phases on the pilot's calendar: the same number of calendar days from
    the programme's start (seed 001 §1.2, seed 002 §1.2; cxflow.roadmaps moves its lines'
    dates the same way)."""
    raw = document.raw
    if not raw.get("phases"):
        return []
    shift = start - dt.date.fromisoformat(str(raw["reference_start"]))
    return [
        PilotPhase(
            kind=phase["kind"],
            start_date=dt.date.fromisoformat(str(phase["start"])) + shift,
            end_date=dt.date.fromisoformat(str(phase["end"])) + shift,
        )
        for phase in raw["phases"]
    ]


PILOT_FIELDS = (
    "title",
    "target_group",
    "service",
    "end_date",
    "order_number",
    "order_date",
    "results_remarks",
    "results_effects",
)


def update_pilot(actor: User, pilot: Pilot, data: dict, version: int | None) -> Pilot:
    access.require(actor, "pilots.manage", pilot.region_id)
    check_version(pilot, version)
    clean = {
        k: v.strip() if isinstance(v, str) else v for k, v in data.items() if k in PILOT_FIELDS
    }
    if "title" in clean and not clean["title"]:
        raise ValidationError({"title": _l("Enter a title.")})
    if clean.get("end_date") and clean["end_date"] < pilot.start_date:
        raise ValidationError({"end_date": _l("The end date is before the start date.")})
    for key, value in clean.items():
        setattr(pilot, key, value)
    if "office_ids" in data:
        pilot.offices = _offices_of(pilot, data["office_ids"] or [])
    if "phases" in data:
        _set_phases(pilot, data["phases"] or [])
    db.session.flush()
    work_changed(pilot, actor)  # the order's date, the phases
    return pilot


def _offices_of(pilot: Pilot, office_ids: list[int]) -> list[Office]:
    offices = db.session.scalars(sa.select(Office).where(Office.id.in_(office_ids))).all()
    if len(offices) != len(set(office_ids)) or any(o.region_id != pilot.region_id for o in offices):
        raise ValidationError({"office_ids": _l("Choose offices of the pilot's region.")})
    return list(offices)


def _set_phases(pilot: Pilot, phases: list[dict]) -> None:
    errors = {}
    for index, phase in enumerate(phases):
        start, end = phase.get("start_date"), phase.get("end_date")
        if phase.get("kind") not in PHASES:
            errors[f"phases.{index}.kind"] = _l("Choose a phase.")
        if not start or not end or end < start:
            errors[f"phases.{index}.end_date"] = _l("A phase ends on or after its start.")
    if errors:
        raise ValidationError(errors)
    pilot.phases = [
        PilotPhase(kind=p["kind"], start_date=p["start_date"], end_date=p["end_date"])
        for p in phases
    ]


def pilot_deliverables(pilot: Pilot, *options) -> list[Deliverable]:
    stmt = (
        sa.select(Deliverable)
        .where(Deliverable.pilot_id == pilot.id)
        .options(selectinload(Deliverable.author), *options)
        .order_by(Deliverable.created_at)
    )
    return list(db.session.scalars(stmt))


# --- deliverables ---------------------------------------------------------------------------


def add_deliverable(
    actor: User,
    pilot: Pilot,
    *,
    kind: str | None,
    title: str | None = None,
    url: str | None = None,
    upload=None,
    activity=None,
) -> Deliverable:
    """Attach a document to the pilot (or one of its roadmap lines, `activity`): a file or a
    link."""
    access.require(actor, "deliverables.add", pilot.region_id)
    errors: dict = {}
    if kind not in DeliverableKind.__members__:
        errors["kind"] = _l("Choose the kind of document.")
    url = (url or "").strip()
    if upload is None and not url:
        errors["file"] = _l("Attach a file or give a link.")
    elif url and not url.startswith(("https://", "http://")):
        errors["url"] = _l("A link starts with https:// or http://.")
    if activity is not None and activity.pilot_id != pilot.id:
        errors["activity_id"] = _l("Choose a line of this roadmap.")
    if errors:
        raise ValidationError(errors)
    deliverable = Deliverable(
        pilot_id=pilot.id,
        region_id=pilot.region_id,
        activity_id=activity.id if activity is not None else None,
        kind=DeliverableKind(kind),
        author_id=actor.id,
        url=url or None,
    )
    if upload is not None:
        stored = files.save(upload.stream, upload.filename or "")
        deliverable.file_key, deliverable.original_name = stored.key, stored.original_name
        deliverable.content_type, deliverable.size = stored.content_type, stored.size
        deliverable.sha256 = stored.sha256
    deliverable.title = (title or "").strip() or deliverable.original_name or url
    db.session.add(deliverable)
    db.session.flush()
    work_changed(pilot, actor)
    return deliverable
