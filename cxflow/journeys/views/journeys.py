"""The pages of journeys: a pilot's journeys with the form for a new one, the journey map as
lanes, and editing and deleting a journey."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.catalogue.services import service_options
from cxflow.core import access
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.forms import choices
from cxflow.core.routing import id_arg
from cxflow.core.views import handle_action, handle_form
from cxflow.journeys.access import load_journey_or_404
from cxflow.journeys.forms import JourneyForm, NewJourneyForm
from cxflow.journeys.models import CHANNEL_TITLES, METHOD_TITLES, METRIC_TITLES, STAGE_KIND_TITLES
from cxflow.journeys.services import index_values, journeys, measurements, stages
from cxflow.journeys.views.blueprint import bp
from cxflow.journeys.views.pages import form_page, journey_url, may_edit
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.models import Pilot

TITLES = {
    "kinds": STAGE_KIND_TITLES,
    "channels": CHANNEL_TITLES,
    "methods": METHOD_TITLES,
    "metrics": METRIC_TITLES,
}


def _journey_choices(form, pilot: Pilot) -> None:
    form.profile_id.choices = choices(
        journeys.profile_options(pilot), empty=_("— choose a profile —")
    )
    form.service_entry_id.choices = choices(
        service_options(), empty=_("— not from the catalogue —")
    )


def _journey_data(form) -> dict:
    return {name: getattr(form, name).data for name in journeys.JOURNEY_FIELDS}


def _on_stage_lines(fields: dict) -> dict:
    """Errors of the stages typed one per line, shown at that field with the line number."""
    result: dict = {}
    for name, messages in fields.items():
        if name.startswith("stages."):
            line = int(name.split(".")[1]) + 1
            result.setdefault("stage_titles", []).extend(
                _("Line %(n)s: %(message)s", n=line, message=m) for m in messages
            )
        else:
            result[name] = messages
    return result


@bp.route("/pilots/<int:pilot_id>/journeys", methods=["GET", "POST"])
def index(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    form = NewJourneyForm()
    _journey_choices(form, pilot)
    if request.method == "POST":
        access.require(current_user, "cycle.edit", pilot.region_id)
    elif len(form.profile_id.choices) == 2:
        form.profile_id.data = int(form.profile_id.choices[1].value)  # the only profile

    def create():
        titles = [{"title": title} for title in stages.lines(form.stage_titles.data)]
        try:
            return journeys.create_journey(
                current_user, pilot, {**_journey_data(form), "stages": titles}
            )
        except ValidationError as exc:
            raise ValidationError(_on_stage_lines(exc.fields)) from None

    return handle_form(
        form,
        create,
        success=_("Journey created."),
        next_url=lambda j: url_for("journeys.journey", journey_id=j.id),
        template="journeys/index.html",
        pilot=pilot,
        journeys=db.session.scalars(journeys.list_journeys(current_user, pilot)).all(),
    )


@bp.route("/journeys/<int:journey_id>")
def journey(journey_id: int):
    journey = journeys.load_map(load_journey_or_404(journey_id, permission="pilots.view"))
    try:
        board = index_values.journey_index(current_user, journey, id_arg("period_id"))
    except ValidationError:
        abort(404)  # a period of another region, as its id in a path
    return render_template(
        "journeys/journey.html",
        journey=journey,
        pilot=journey.pilot,
        stages=journey.stages,
        board=board,
        period_text=index_values.period_text,
        recorded=index_values.recorded,
        number=measurements.number,
        states={stage.id: measurements.stage_state(stage) for stage in journey.stages},
        describe=measurements.describe,
        kind_text=stages.kind_text,
        lines=stages.lines,
        score=measurements.score,
        band=measurements.band,
        band_titles=measurements.BAND_TITLES,
        **TITLES,
    )


@bp.route("/journeys/<int:journey_id>/edit", methods=["GET", "POST"])
def edit_journey(journey_id: int):
    journey = load_journey_or_404(journey_id, permission="pilots.view")
    may_edit(journey)
    form = JourneyForm(obj=journey)
    _journey_choices(form, journey.pilot)
    return form_page(
        form,
        lambda: journeys.update_journey(
            current_user, journey, _journey_data(form), form.version.data
        ),
        success=_("Journey saved."),
        next_url=lambda j: journey_url(j.id),
        heading=_("Edit the journey"),
        journey=journey,
        submit=_("Save the journey"),
    )


@bp.route("/journeys/<int:journey_id>/delete", methods=["POST"])
def delete_journey(journey_id: int):
    journey = load_journey_or_404(journey_id, permission="pilots.view")
    return handle_action(
        lambda: journeys.delete_journey(current_user, journey),
        next_url=url_for("journeys.index", pilot_id=journey.pilot_id),
        failure_url=journey_url(journey_id),
        success=_("Journey deleted."),
    )
