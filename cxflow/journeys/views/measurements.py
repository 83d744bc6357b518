"""The forms of the measurements taken at a journey's stages; each comes back to the
measurement on the journey map."""

from flask_babel import gettext as _
from flask_login import current_user

from cxflow.journeys.access import load_measurement_or_404, load_stage_or_404
from cxflow.journeys.forms import MeasurementEditForm, MeasurementForm
from cxflow.journeys.services import measurements
from cxflow.journeys.views.blueprint import bp
from cxflow.journeys.views.pages import act, form_page, journey_url, may_edit, touchpoint_choices


def _measurement_data(form) -> dict:
    return {name: getattr(form, name).data for name in measurements.MEASUREMENT_FIELDS}


@bp.route("/journey-stages/<int:stage_id>/measurements/new", methods=["GET", "POST"])
def new_measurement(stage_id: int):
    stage = load_stage_or_404(stage_id, permission="pilots.view")
    may_edit(stage)
    form = MeasurementForm()
    form.touchpoint.choices = touchpoint_choices(stage)
    return form_page(
        form,
        lambda: measurements.add_measurement(current_user, stage, _measurement_data(form)),
        success=_("Measurement added."),
        next_url=lambda m: journey_url(stage.journey_id, f"#measurement-{m.id}"),
        heading=_(
            "Add a measurement at stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Add the measurement"),
    )


@bp.route("/measurements/<int:measurement_id>/edit", methods=["GET", "POST"])
def edit_measurement(measurement_id: int):
    measurement = load_measurement_or_404(measurement_id, permission="pilots.view")
    may_edit(measurement)
    stage = measurement.stage
    form = MeasurementEditForm(
        data=measurements.measurement_data(measurement) | {"version": measurement.version}
    )
    form.touchpoint.choices = touchpoint_choices(stage)
    return form_page(
        form,
        lambda: measurements.update_measurement(
            current_user, measurement, _measurement_data(form), form.version.data
        ),
        success=_("Measurement saved."),
        next_url=lambda m: journey_url(stage.journey_id, f"#measurement-{m.id}"),
        heading=_(
            "Edit a measurement at stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Save the measurement"),
    )


@bp.route("/measurements/<int:measurement_id>/delete", methods=["POST"])
def delete_measurement(measurement_id: int):
    measurement = load_measurement_or_404(measurement_id, permission="pilots.view")
    stage = measurement.stage
    return act(
        lambda: measurements.delete_measurement(current_user, measurement),
        stage.journey_id,
        f"#stage-{stage.id}",
        _("Measurement deleted."),
    )
