"""The zone of nearest development (seed 004, L23: «что ему предстоит сделать в зоне
ближайшего развития»): what the next level lacks, and putting it into the region's roadmap.

A next step becomes a checkpoint of the region's `cx_system` pilot (the roadmap template of
seed 004 §2); the pilot is created from that template when the region has none. An approved
roadmap is not changed behind its approval: the step is recorded as a proposed change, shown
on the maturity page, and becomes a line when the roadmap is back in draft and the change is
applied."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from cxflow.core import access
from cxflow.core.clock import region_today
from cxflow.core.db import utcnow
from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.maturity.models.controls import MaturityNextStep
from cxflow.maturity.services.levels import Snapshot
from cxflow.maturity.services.matrix import matrix
from cxflow.orgs.models import Region
from cxflow.pilots.models import Direction, Pilot
from cxflow.pilots.services import create_pilot
from cxflow.roadmaps import services as roadmaps
from cxflow.roadmaps.models import Activity, ActivityKind

TEMPLATE = "cx-system"
# Seed 004 §2: the checkpoints «Функционирует …» fall due on 01 December of the project's year.
DUE_DAY = (12, 1)


def zone(snap: Snapshot) -> list[dict]:
    """The next level's missing requirements, one entry per activity (its reasons joined)."""
    if snap.next_level is None:
        return []
    by_number: dict[str, dict] = {}
    for item in snap.missing(snap.next_level):
        entry = by_number.setdefault(
            item.number,
            {"number": item.number, "activity": snap.matrix.by_number[item.number], "reasons": []},
        )
        entry["reasons"].append(str(item))
    return list(by_number.values())


def cx_pilot(region: Region) -> Pilot | None:
    """The region's newest `cx_system` pilot."""
    return db.session.scalar(
        sa.select(Pilot)
        .where(Pilot.region_id == region.id, Pilot.direction == Direction.cx_system)
        .order_by(Pilot.start_date.desc(), Pilot.id.desc())
        .limit(1)
    )


def steps(region: Region) -> list[MaturityNextStep]:
    return list(
        db.session.scalars(
            sa.select(MaturityNextStep)
            .where(MaturityNextStep.region_id == region.id)
            .order_by(MaturityNextStep.created_at, MaturityNextStep.id)
        )
    )


def _due(region: Region) -> dt.date:
    today = region_today(region.timezone)
    due = dt.date(today.year, *DUE_DAY)
    return due if due >= today else due.replace(year=today.year + 1)


def _heading(pilot: Pilot) -> Activity | None:
    """The template's section «Система управления клиентским опытом», if it is still there."""
    return next(
        (a for a in pilot.activities if a.kind == ActivityKind.heading and a.parent_id is None),
        None,
    )


def _line(actor, pilot: Pilot, step: MaturityNextStep) -> Activity:
    return roadmaps.add_activity(
        actor,
        pilot,
        {
            "kind": ActivityKind.checkpoint.value,
            "title": step.title,
            "due_date": step.due_date,
            "result": str(
                _l("Maturity item %(number)s operating (seed 004 §1)", number=step.number)
            ),
        },
        parent=_heading(pilot),
    )


def _numbers(numbers) -> list[str]:
    """Known activities of the matrix, each once."""
    known = matrix().by_number
    if not isinstance(numbers, list) or not numbers:
        raise ValidationError({"activities": _l("Choose at least one activity of the matrix.")})
    unknown = [str(n) for n in numbers if not isinstance(n, str) or n not in known]
    if unknown:
        raise ValidationError(
            {"activities": _l("Unknown activities: %(numbers)s", numbers=", ".join(unknown))}
        )
    if len(set(numbers)) != len(numbers):
        raise ValidationError({"activities": _l("An activity is given twice.")})
    return numbers


def add_next_steps(actor, region: Region, numbers) -> list[MaturityNextStep]:
    """Checkpoints for `numbers` in the region's `cx_system` roadmap (created if missing):
    lines of a draft roadmap, proposed changes of an approved one. Nothing is stored unless
    every number is valid (the caller rolls back on an error)."""
    access.require(actor, "maturity.controls", region.id)
    access.require(actor, "roadmaps.edit", region.id)
    numbers = _numbers(numbers)
    pilot = cx_pilot(region)
    if pilot is None:
        pilot = create_pilot(
            actor,
            region_id=region.id,
            direction=Direction.cx_system.value,
            title=str(_l("Customer-experience management system")),
            template=TEMPLATE,
            start_date=region_today(region.timezone),
        )
    taken = {s.number for s in steps(region) if s.pilot_id == pilot.id}
    already = [n for n in numbers if n in taken]
    if already:
        raise ValidationError(
            {"activities": _l("Already in the roadmap: %(numbers)s", numbers=", ".join(already))}
        )
    added = []
    for number in numbers:
        activity = matrix().by_number[number]
        step = MaturityNextStep(
            region_id=region.id,
            number=number,
            title=str(_l("Maturity %(number)s: %(title)s", number=number, title=activity.title)),
            pilot_id=pilot.id,
            due_date=_due(region),
            author_id=actor.id,
            status="proposed" if pilot.roadmap_status != "draft" else "added",
        )
        db.session.add(step)
        if step.status == "added":
            step.activity_id = _line(actor, pilot, step).id
            step.applied_at = utcnow()
        added.append(step)
    db.session.flush()
    return added


def apply_proposed(actor, region: Region) -> list[MaturityNextStep]:
    """Turn the proposed changes into lines once the roadmap is back in draft."""
    access.require(actor, "roadmaps.edit", region.id)
    pending = [s for s in steps(region) if s.status == "proposed"]
    if not pending:
        raise ConflictError(str(_l("No proposed changes to apply.")))
    applied = []
    for step in pending:
        pilot = db.session.get(Pilot, step.pilot_id)
        if pilot.roadmap_status != "draft":
            raise ConflictError(
                str(_l("The roadmap is approved: return it to draft to apply the changes."))
            )
        step.activity_id = _line(actor, pilot, step).id
        step.status, step.applied_at = "added", utcnow()
        applied.append(step)
    db.session.flush()
    return applied
