"""Competence events of a region (seed 004 §1 item 17, L103; §3 item 6, L184–L187): recorded
per region (and optionally per office) with date, title, kind and participants. Item 17 of the
matrix counts them per calendar year, so recording one recomputes the region's level."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core import access
from cxflow.core.clock import region_today
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import row_or_none
from cxflow.core.text import clean_text
from cxflow.maturity.models.events import CompetenceEvent, EventKind
from cxflow.maturity.services import levels
from cxflow.orgs.models import Office, Region

TITLE_LIMIT = 300
MAX_PARTICIPANTS = 1_000_000


def list_events(region: Region) -> sa.Select:
    """The region's events, newest first."""
    return (
        sa.select(CompetenceEvent)
        .where(CompetenceEvent.region_id == region.id)
        .options(selectinload(CompetenceEvent.office))
        .order_by(CompetenceEvent.held_on.desc(), CompetenceEvent.id.desc())
    )


def _clean(region: Region, data: dict) -> dict:
    errors: dict = {}
    title = clean_text(data.get("title"))
    if not title:
        errors["title"] = _l("Enter the title of the event.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _l("At most %(n)s characters.", n=TITLE_LIMIT)
    held_on = data.get("held_on")
    if not isinstance(held_on, dt.date):
        errors["held_on"] = _l("Enter the date the event was held.")
    elif held_on > region_today(region.timezone):
        errors["held_on"] = _l("Record an event once it has been held (the date is in the future).")
    kind = data.get("kind")
    if kind not in EventKind.__members__:
        errors["kind"] = _l("Choose training, seminar, session or other.")
    participants = data.get("participants")
    if participants in ("",):
        participants = None
    if participants is not None and (
        isinstance(participants, bool)
        or not isinstance(participants, int)
        or not 0 <= participants <= MAX_PARTICIPANTS
    ):
        errors["participants"] = _l("Give the number of participants (0 or more).")
    office = None
    if data.get("office_id") not in (None, "", 0):
        office = row_or_none(Office, data["office_id"])
        if office is None or office.region_id != region.id:
            errors["office_id"] = _l("Choose an office of the region.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "held_on": held_on,
        "kind": EventKind(kind),
        "participants": participants,
        "office_id": office.id if office else None,
    }


def create_event(actor, region: Region, data: dict) -> CompetenceEvent:
    access.require(actor, "maturity.events", region.id)
    event = CompetenceEvent(region_id=region.id, author_id=actor.id, **_clean(region, data))
    db.session.add(event)
    db.session.flush()
    levels.record_level(actor, region)  # item 17 counts events
    return event
