"""Touchpoints: where the client meets the service at a stage (an office, a site, a call),
by channel and with who answers for it."""

from flask_babel import lazy_gettext as _l

from cxflow.core import access
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import checked_text
from cxflow.journeys.models import Channel, JourneyStage, Touchpoint
from cxflow.journeys.services.checks import MAX_TITLE, member
from cxflow.users.models import User

_FIELDS = ("title", "channel", "responsible")


def as_item(data, main: str) -> dict:
    """A touchpoint or pain point may be given as its title or description alone."""
    if isinstance(data, str):
        return {main: data}
    return data if isinstance(data, dict) else {}


def check_touchpoint(data, stage: JourneyStage | None) -> tuple[dict, dict]:
    data = as_item(data, "title")
    errors: dict = {}
    values = {
        "title": checked_text(
            errors, "title", data.get("title"), MAX_TITLE, _l("Enter the touchpoint.")
        ),
        "responsible": checked_text(errors, "responsible", data.get("responsible"), MAX_TITLE),
    }
    channel = member(Channel, data.get("channel") or Channel.other)
    if channel is None:
        errors["channel"] = _l("Choose a channel.")
    values["channel"] = channel or Channel.other
    return errors, values


def stage_touchpoint(errors: dict, name: str, stage: JourneyStage | None, touchpoint_id):
    """A touchpoint of the same stage (pain points and measurements stay within their stage)."""
    if touchpoint_id is None or touchpoint_id == "":
        return None
    found = next((t for t in stage.touchpoints if t.id == touchpoint_id), None) if stage else None
    if found is None:
        errors[name] = _l("Choose a touchpoint of this stage.")
    return found


def add_touchpoint(actor: User, stage: JourneyStage, data: dict) -> Touchpoint:
    access.require(actor, "cycle.edit", stage.region_id)
    errors, values = check_touchpoint(data, stage)
    if errors:
        raise ValidationError(errors)
    touchpoint = Touchpoint(region_id=stage.region_id, **values)
    stage.touchpoints.append(touchpoint)
    db.session.flush()
    return touchpoint


def update_touchpoint(
    actor: User, touchpoint: Touchpoint, data: dict, version: int | None
) -> Touchpoint:
    access.require(actor, "cycle.edit", touchpoint.region_id)
    check_version(touchpoint, version)
    merged = {name: data.get(name, getattr(touchpoint, name)) for name in _FIELDS}
    errors, values = check_touchpoint(merged, touchpoint.stage)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(touchpoint, name, value)
    db.session.flush()
    return touchpoint


def delete_touchpoint(actor: User, touchpoint: Touchpoint) -> None:
    """Pain points and measurements at the touchpoint stay, at its stage as a whole (the
    foreign keys' ON DELETE SET NULL)."""
    access.require(actor, "cycle.edit", touchpoint.region_id)
    stage = touchpoint.stage
    stage.touchpoints.remove(touchpoint)
    db.session.flush()
    db.session.expire_all()  # what the database set to NULL
