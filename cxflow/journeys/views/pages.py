"""What the pages of the journeys domain share: the one form page, the one-button action and
the way back to the journey map."""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.forms import choices
from cxflow.core.views import handle_action, handle_form
from cxflow.journeys.models import JourneyStage


def may_edit(obj) -> None:
    """Refuse a form page to who may not save it (the service refuses the save as well)."""
    access.require(current_user, "cycle.edit", obj.region_id)


def journey_url(journey_id: int, anchor: str = "") -> str:
    return url_for("journeys.journey", journey_id=journey_id) + anchor


def act(action, journey_id: int, anchor: str = "", success: str = ""):
    """Run a one-button action (move, delete) and come back to the journey."""
    return handle_action(action, next_url=journey_url(journey_id, anchor), success=success)


def form_page(form, action, *, success, next_url, heading, journey, submit):
    """One template for every form of the domain (fields in order, errors named)."""
    return handle_form(
        form,
        action,
        success=success,
        next_url=next_url,
        template="journeys/form.html",
        heading=heading,
        journey=journey,
        pilot=journey.pilot,
        submit=submit,
    )


def touchpoint_choices(stage: JourneyStage) -> list:
    """A touchpoint of the stage, or the stage as a whole, for a pain point or measurement."""
    return choices(
        ((t.id, t.title) for t in stage.touchpoints), empty=_("— the stage as a whole —")
    )
