"""Pain points: what goes wrong for the client at a stage, with the evidence, at the stage as
a whole or at one of its touchpoints."""

from flask_babel import lazy_gettext as _l

from cxflow.core import access
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import checked_text
from cxflow.journeys.models import JourneyStage, PainPoint
from cxflow.journeys.services.checks import MAX_TEXT
from cxflow.journeys.services.touchpoints import as_item, stage_touchpoint
from cxflow.users.models import User

_FIELDS = ("description", "evidence", "touchpoint_id")


def check_pain_point(data, stage: JourneyStage | None) -> tuple[dict, dict]:
    data = as_item(data, "description")
    errors: dict = {}
    values = {
        "description": checked_text(
            errors,
            "description",
            data.get("description"),
            MAX_TEXT,
            _l("Describe the pain point."),
        ),
        "evidence": checked_text(errors, "evidence", data.get("evidence"), MAX_TEXT),
    }
    if stage is not None or data.get("touchpoint_id") is not None:
        touchpoint = stage_touchpoint(errors, "touchpoint_id", stage, data.get("touchpoint_id"))
        values["touchpoint_id"] = touchpoint.id if touchpoint else None
    return errors, values


def add_pain_point(actor: User, stage: JourneyStage, data: dict) -> PainPoint:
    access.require(actor, "cycle.edit", stage.region_id)
    errors, values = check_pain_point(data, stage)
    if errors:
        raise ValidationError(errors)
    pain = PainPoint(region_id=stage.region_id, **values)
    stage.pain_points.append(pain)
    db.session.flush()
    return pain


def update_pain_point(actor: User, pain: PainPoint, data: dict, version: int | None) -> PainPoint:
    access.require(actor, "cycle.edit", pain.region_id)
    check_version(pain, version)
    merged = {name: data.get(name, getattr(pain, name)) for name in _FIELDS}
    errors, values = check_pain_point(merged, pain.stage)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(pain, name, value)
    db.session.flush()
    return pain


def delete_pain_point(actor: User, pain: PainPoint) -> None:
    access.require(actor, "cycle.edit", pain.region_id)
    pain.stage.pain_points.remove(pain)
    db.session.flush()
