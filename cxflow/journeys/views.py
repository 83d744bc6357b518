"""HTML pages of the journeys domain: a pilot's journeys, the journey map as lanes, and the
forms for stages, touchpoints, pain points and measurements."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.catalogue.services import service_options
from cxflow.core import access
from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.core.forms import choices
from cxflow.core.views import handle_action, handle_form
from cxflow.journeys import services
from cxflow.journeys.forms import (
    JourneyForm,
    MeasurementEditForm,
    MeasurementForm,
    NewJourneyForm,
    PainPointEditForm,
    PainPointForm,
    StageEditForm,
    StageForm,
    TouchpointEditForm,
    TouchpointForm,
)
from cxflow.journeys.models import (
    CHANNEL_TITLES,
    METHOD_TITLES,
    METRIC_TITLES,
    STAGE_KIND_TITLES,
    Journey,
    JourneyStage,
    Measurement,
    PainPoint,
    Touchpoint,
)
from cxflow.pilots.models import Pilot

bp = Blueprint("journeys", __name__)

TITLES = {
    "kinds": STAGE_KIND_TITLES,
    "channels": CHANNEL_TITLES,
    "methods": METHOD_TITLES,
    "metrics": METRIC_TITLES,
}


def _get(model, object_id: int):
    return access.get_or_404(model, object_id, current_user, "pilots.view")


def _may_edit(obj) -> None:
    """Refuse a form page to who may not save it (the service refuses the save as well)."""
    access.require(current_user, "cycle.edit", obj.region_id)


def _to_journey(journey_id: int, anchor: str = ""):
    return redirect(url_for("journeys.journey", journey_id=journey_id) + anchor)


def _journey_url(journey_id: int, anchor: str = "") -> str:
    return url_for("journeys.journey", journey_id=journey_id) + anchor


def _act(action, journey_id: int, anchor: str = "", success: str = ""):
    """Run a one-button action (move, delete) and come back to the journey."""
    return handle_action(action, next_url=_journey_url(journey_id, anchor), success=success)


def _form_page(form, action, *, success, next_url, heading, journey, submit):
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


# --- a pilot's journeys -----------------------------------------------------------------------


def _journey_choices(form, pilot: Pilot) -> None:
    form.profile_id.choices = choices(
        services.profile_options(pilot), empty=_("— choose a profile —")
    )
    form.service_entry_id.choices = choices(
        service_options(), empty=_("— not from the catalogue —")
    )


def _journey_data(form) -> dict:
    return {name: getattr(form, name).data for name in services.JOURNEY_FIELDS}


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
    pilot = access.get_or_404(Pilot, pilot_id, current_user, "pilots.view")
    form = NewJourneyForm()
    _journey_choices(form, pilot)
    if request.method == "POST":
        access.require(current_user, "cycle.edit", pilot.region_id)
    elif len(form.profile_id.choices) == 2:
        form.profile_id.data = int(form.profile_id.choices[1].value)  # the only profile

    def create():
        stages = [{"title": title} for title in services.lines(form.stage_titles.data)]
        try:
            return services.create_journey(
                current_user, pilot, {**_journey_data(form), "stages": stages}
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
        journeys=db.session.scalars(services.list_journeys(current_user, pilot)).all(),
    )


# --- one journey ------------------------------------------------------------------------------


@bp.route("/journeys/<int:journey_id>")
def journey(journey_id: int):
    journey = services.load_map(_get(Journey, journey_id))
    return render_template(
        "journeys/journey.html",
        journey=journey,
        pilot=journey.pilot,
        stages=journey.stages,
        states={stage.id: services.stage_state(stage) for stage in journey.stages},
        describe=services.describe,
        kind_text=services.kind_text,
        lines=services.lines,
        score=services.score,
        band=services.band,
        band_titles=services.BAND_TITLES,
        **TITLES,
    )


@bp.route("/journeys/<int:journey_id>/edit", methods=["GET", "POST"])
def edit_journey(journey_id: int):
    journey = _get(Journey, journey_id)
    _may_edit(journey)
    form = JourneyForm(obj=journey)
    _journey_choices(form, journey.pilot)
    return _form_page(
        form,
        lambda: services.update_journey(
            current_user, journey, _journey_data(form), form.version.data
        ),
        success=_("Journey saved."),
        next_url=lambda j: _journey_url(j.id),
        heading=_("Edit the journey"),
        journey=journey,
        submit=_("Save the journey"),
    )


@bp.route("/journeys/<int:journey_id>/delete", methods=["POST"])
def delete_journey(journey_id: int):
    journey = _get(Journey, journey_id)
    pilot_id = journey.pilot_id
    try:
        services.delete_journey(current_user, journey)
        db.session.commit()
    except ConflictError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return _to_journey(journey_id)
    flash(_("Journey deleted."), "success")
    return redirect(url_for("journeys.index", pilot_id=pilot_id))


# --- stages -----------------------------------------------------------------------------------


def _stage_data(form) -> dict:
    return {name: getattr(form, name).data for name in services.STAGE_FIELDS}


@bp.route("/journeys/<int:journey_id>/stages/new", methods=["GET", "POST"])
def new_stage(journey_id: int):
    journey = _get(Journey, journey_id)
    _may_edit(journey)
    form = StageForm()
    return _form_page(
        form,
        lambda: services.add_stage(current_user, journey, _stage_data(form)),
        success=_("Stage added."),
        next_url=lambda s: _journey_url(journey.id, f"#stage-{s.id}"),
        heading=_("Add a stage"),
        journey=journey,
        submit=_("Add the stage"),
    )


@bp.route("/journey-stages/<int:stage_id>/edit", methods=["GET", "POST"])
def edit_stage(stage_id: int):
    stage = _get(JourneyStage, stage_id)
    _may_edit(stage)
    form = StageEditForm(obj=stage)
    return _form_page(
        form,
        lambda: services.update_stage(current_user, stage, _stage_data(form), form.version.data),
        success=_("Stage saved."),
        next_url=lambda s: _journey_url(s.journey_id, f"#stage-{s.id}"),
        heading=_("Edit stage %(n)s «%(title)s»", n=stage.position, title=stage.title),
        journey=stage.journey,
        submit=_("Save the stage"),
    )


@bp.route("/journey-stages/<int:stage_id>/move", methods=["POST"])
def move_stage(stage_id: int):
    stage = _get(JourneyStage, stage_id)
    direction = request.form.get("direction", "")
    return _act(
        lambda: services.move_stage(current_user, stage, direction),
        stage.journey_id,
        f"#stage-{stage.id}",
    )


@bp.route("/journey-stages/<int:stage_id>/delete", methods=["POST"])
def delete_stage(stage_id: int):
    stage = _get(JourneyStage, stage_id)
    journey_id = stage.journey_id
    return _act(
        lambda: services.delete_stage(current_user, stage),
        journey_id,
        "#stages",
        _("Stage deleted."),
    )


# --- touchpoints ------------------------------------------------------------------------------


def _touchpoint_data(form) -> dict:
    return {
        "title": form.title.data,
        "channel": form.channel.data,
        "responsible": form.responsible.data,
    }


@bp.route("/journey-stages/<int:stage_id>/touchpoints/new", methods=["GET", "POST"])
def new_touchpoint(stage_id: int):
    stage = _get(JourneyStage, stage_id)
    _may_edit(stage)
    form = TouchpointForm()
    return _form_page(
        form,
        lambda: services.add_touchpoint(current_user, stage, _touchpoint_data(form)),
        success=_("Touchpoint added."),
        next_url=lambda t: _journey_url(stage.journey_id, f"#stage-{stage.id}"),
        heading=_(
            "Add a touchpoint to stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Add the touchpoint"),
    )


@bp.route("/touchpoints/<int:touchpoint_id>/edit", methods=["GET", "POST"])
def edit_touchpoint(touchpoint_id: int):
    touchpoint = _get(Touchpoint, touchpoint_id)
    _may_edit(touchpoint)
    stage = touchpoint.stage
    form = TouchpointEditForm(obj=touchpoint)
    return _form_page(
        form,
        lambda: services.update_touchpoint(
            current_user, touchpoint, _touchpoint_data(form), form.version.data
        ),
        success=_("Touchpoint saved."),
        next_url=lambda t: _journey_url(stage.journey_id, f"#stage-{stage.id}"),
        heading=_("Edit the touchpoint «%(title)s»", title=touchpoint.title),
        journey=stage.journey,
        submit=_("Save the touchpoint"),
    )


@bp.route("/touchpoints/<int:touchpoint_id>/delete", methods=["POST"])
def delete_touchpoint(touchpoint_id: int):
    touchpoint = _get(Touchpoint, touchpoint_id)
    stage = touchpoint.stage
    return _act(
        lambda: services.delete_touchpoint(current_user, touchpoint),
        stage.journey_id,
        f"#stage-{stage.id}",
        _("Touchpoint deleted."),
    )


# --- pain points ------------------------------------------------------------------------------


def _touchpoint_choices(stage: JourneyStage) -> list:
    return choices(
        ((t.id, t.title) for t in stage.touchpoints), empty=_("— the stage as a whole —")
    )


def _pain_data(form) -> dict:
    return {
        "description": form.description.data,
        "evidence": form.evidence.data,
        "touchpoint_id": form.touchpoint_id.data,
    }


@bp.route("/journey-stages/<int:stage_id>/pain-points/new", methods=["GET", "POST"])
def new_pain_point(stage_id: int):
    stage = _get(JourneyStage, stage_id)
    _may_edit(stage)
    form = PainPointForm()
    form.touchpoint_id.choices = _touchpoint_choices(stage)
    return _form_page(
        form,
        lambda: services.add_pain_point(current_user, stage, _pain_data(form)),
        success=_("Pain point added."),
        next_url=lambda p: _journey_url(stage.journey_id, f"#stage-{stage.id}"),
        heading=_(
            "Add a pain point to stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Add the pain point"),
    )


@bp.route("/pain-points/<int:pain_point_id>/edit", methods=["GET", "POST"])
def edit_pain_point(pain_point_id: int):
    pain = _get(PainPoint, pain_point_id)
    _may_edit(pain)
    stage = pain.stage
    form = PainPointEditForm(obj=pain)
    form.touchpoint_id.choices = _touchpoint_choices(stage)
    return _form_page(
        form,
        lambda: services.update_pain_point(current_user, pain, _pain_data(form), form.version.data),
        success=_("Pain point saved."),
        next_url=lambda p: _journey_url(stage.journey_id, f"#stage-{stage.id}"),
        heading=_(
            "Edit a pain point of stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Save the pain point"),
    )


@bp.route("/pain-points/<int:pain_point_id>/delete", methods=["POST"])
def delete_pain_point(pain_point_id: int):
    pain = _get(PainPoint, pain_point_id)
    stage = pain.stage
    return _act(
        lambda: services.delete_pain_point(current_user, pain),
        stage.journey_id,
        f"#stage-{stage.id}",
        _("Pain point deleted."),
    )


# --- measurements -----------------------------------------------------------------------------


def _measurement_data(form) -> dict:
    return {name: getattr(form, name).data for name in services.MEASUREMENT_FIELDS}


@bp.route("/journey-stages/<int:stage_id>/measurements/new", methods=["GET", "POST"])
def new_measurement(stage_id: int):
    stage = _get(JourneyStage, stage_id)
    _may_edit(stage)
    form = MeasurementForm()
    form.touchpoint.choices = _touchpoint_choices(stage)
    return _form_page(
        form,
        lambda: services.add_measurement(current_user, stage, _measurement_data(form)),
        success=_("Measurement added."),
        next_url=lambda m: _journey_url(stage.journey_id, f"#measurement-{m.id}"),
        heading=_(
            "Add a measurement at stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Add the measurement"),
    )


@bp.route("/measurements/<int:measurement_id>/edit", methods=["GET", "POST"])
def edit_measurement(measurement_id: int):
    measurement = _get(Measurement, measurement_id)
    _may_edit(measurement)
    stage = measurement.stage
    form = MeasurementEditForm(
        data=services.measurement_data(measurement) | {"version": measurement.version}
    )
    form.touchpoint.choices = _touchpoint_choices(stage)
    return _form_page(
        form,
        lambda: services.update_measurement(
            current_user, measurement, _measurement_data(form), form.version.data
        ),
        success=_("Measurement saved."),
        next_url=lambda m: _journey_url(stage.journey_id, f"#measurement-{m.id}"),
        heading=_(
            "Edit a measurement at stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Save the measurement"),
    )


@bp.route("/measurements/<int:measurement_id>/delete", methods=["POST"])
def delete_measurement(measurement_id: int):
    measurement = _get(Measurement, measurement_id)
    stage = measurement.stage
    return _act(
        lambda: services.delete_measurement(current_user, measurement),
        stage.journey_id,
        f"#stage-{stage.id}",
        _("Measurement deleted."),
    )
