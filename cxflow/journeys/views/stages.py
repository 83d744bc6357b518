"""The forms of a journey's stages and of their touchpoints and pain points; each comes back
to the stage on the journey map."""

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core.forms import choices
from cxflow.journeys.access import (
    load_journey_or_404,
    load_pain_point_or_404,
    load_stage_or_404,
    load_touchpoint_or_404,
)
from cxflow.journeys.forms import (
    PainPointEditForm,
    PainPointForm,
    StageEditForm,
    StageForm,
    TouchpointEditForm,
    TouchpointForm,
)
from cxflow.journeys.models import JourneyStage
from cxflow.journeys.services import pain_points, stages, touchpoints
from cxflow.journeys.views.blueprint import bp
from cxflow.journeys.views.pages import act, form_page, journey_url, may_edit, touchpoint_choices

# --- stages -----------------------------------------------------------------------------------


def _stage_data(form) -> dict:
    return {name: getattr(form, name).data for name in stages.STAGE_FIELDS}


def _topic_choices(form, stage: JourneyStage | None = None) -> None:
    """The index topics in force («guess from the title» = blank); a stage's own topic stays
    a choice even if a later methodology dropped it. An existing stage's description says
    which topic its values show now."""
    options = stages.topic_options()
    if stage is not None and stage.index_topic and stage.index_topic not in dict(options):
        options.append((stage.index_topic, stage.index_topic))
    form.index_topic.choices = choices(options, empty=_("— guess from the title —"))
    if stage is None:
        return
    topic, guessed = stages.effective_topic(stage)
    if topic is None:
        now = _("Now: no topic (nothing in the title names one).")
    elif guessed:
        now = _("Now: «%(title)s», guessed from the title.", title=topic.title)
    else:
        now = _("Now: «%(title)s».", title=topic.title)
    form.index_topic.description = f"{form.index_topic.description} {now}"


@bp.route("/journeys/<int:journey_id>/stages/new", methods=["GET", "POST"])
def new_stage(journey_id: int):
    journey = load_journey_or_404(journey_id, permission="pilots.view")
    may_edit(journey)
    form = StageForm()
    _topic_choices(form)
    return form_page(
        form,
        lambda: stages.add_stage(current_user, journey, _stage_data(form)),
        success=_("Stage added."),
        next_url=lambda s: journey_url(journey.id, f"#stage-{s.id}"),
        heading=_("Add a stage"),
        journey=journey,
        submit=_("Add the stage"),
    )


@bp.route("/journey-stages/<int:stage_id>/edit", methods=["GET", "POST"])
def edit_stage(stage_id: int):
    stage = load_stage_or_404(stage_id, permission="pilots.view")
    may_edit(stage)
    form = StageEditForm(obj=stage)
    _topic_choices(form, stage)
    return form_page(
        form,
        lambda: stages.update_stage(current_user, stage, _stage_data(form), form.version.data),
        success=_("Stage saved."),
        next_url=lambda s: journey_url(s.journey_id, f"#stage-{s.id}"),
        heading=_("Edit stage %(n)s «%(title)s»", n=stage.position, title=stage.title),
        journey=stage.journey,
        submit=_("Save the stage"),
    )


@bp.route("/journey-stages/<int:stage_id>/move", methods=["POST"])
def move_stage(stage_id: int):
    stage = load_stage_or_404(stage_id, permission="pilots.view")
    direction = request.form.get("direction", "")
    return act(
        lambda: stages.move_stage(current_user, stage, direction),
        stage.journey_id,
        f"#stage-{stage.id}",
    )


@bp.route("/journey-stages/<int:stage_id>/delete", methods=["POST"])
def delete_stage(stage_id: int):
    stage = load_stage_or_404(stage_id, permission="pilots.view")
    journey_id = stage.journey_id
    return act(
        lambda: stages.delete_stage(current_user, stage),
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
    stage = load_stage_or_404(stage_id, permission="pilots.view")
    may_edit(stage)
    form = TouchpointForm()
    return form_page(
        form,
        lambda: touchpoints.add_touchpoint(current_user, stage, _touchpoint_data(form)),
        success=_("Touchpoint added."),
        next_url=lambda t: journey_url(stage.journey_id, f"#stage-{stage.id}"),
        heading=_(
            "Add a touchpoint to stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Add the touchpoint"),
    )


@bp.route("/touchpoints/<int:touchpoint_id>/edit", methods=["GET", "POST"])
def edit_touchpoint(touchpoint_id: int):
    touchpoint = load_touchpoint_or_404(touchpoint_id, permission="pilots.view")
    may_edit(touchpoint)
    stage = touchpoint.stage
    form = TouchpointEditForm(obj=touchpoint)
    return form_page(
        form,
        lambda: touchpoints.update_touchpoint(
            current_user, touchpoint, _touchpoint_data(form), form.version.data
        ),
        success=_("Touchpoint saved."),
        next_url=lambda t: journey_url(stage.journey_id, f"#stage-{stage.id}"),
        heading=_("Edit the touchpoint «%(title)s»", title=touchpoint.title),
        journey=stage.journey,
        submit=_("Save the touchpoint"),
    )


@bp.route("/touchpoints/<int:touchpoint_id>/delete", methods=["POST"])
def delete_touchpoint(touchpoint_id: int):
    touchpoint = load_touchpoint_or_404(touchpoint_id, permission="pilots.view")
    stage = touchpoint.stage
    return act(
        lambda: touchpoints.delete_touchpoint(current_user, touchpoint),
        stage.journey_id,
        f"#stage-{stage.id}",
        _("Touchpoint deleted."),
    )


# --- pain points ------------------------------------------------------------------------------


def _pain_data(form) -> dict:
    return {
        "description": form.description.data,
        "evidence": form.evidence.data,
        "touchpoint_id": form.touchpoint_id.data,
    }


@bp.route("/journey-stages/<int:stage_id>/pain-points/new", methods=["GET", "POST"])
def new_pain_point(stage_id: int):
    stage = load_stage_or_404(stage_id, permission="pilots.view")
    may_edit(stage)
    form = PainPointForm()
    form.touchpoint_id.choices = touchpoint_choices(stage)
    return form_page(
        form,
        lambda: pain_points.add_pain_point(current_user, stage, _pain_data(form)),
        success=_("Pain point added."),
        next_url=lambda p: journey_url(stage.journey_id, f"#stage-{stage.id}"),
        heading=_(
            "Add a pain point to stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Add the pain point"),
    )


@bp.route("/pain-points/<int:pain_point_id>/edit", methods=["GET", "POST"])
def edit_pain_point(pain_point_id: int):
    pain = load_pain_point_or_404(pain_point_id, permission="pilots.view")
    may_edit(pain)
    stage = pain.stage
    form = PainPointEditForm(obj=pain)
    form.touchpoint_id.choices = touchpoint_choices(stage)
    return form_page(
        form,
        lambda: pain_points.update_pain_point(
            current_user, pain, _pain_data(form), form.version.data
        ),
        success=_("Pain point saved."),
        next_url=lambda p: journey_url(stage.journey_id, f"#stage-{stage.id}"),
        heading=_(
            "Edit a pain point of stage %(n)s «%(title)s»", n=stage.position, title=stage.title
        ),
        journey=stage.journey,
        submit=_("Save the pain point"),
    )


@bp.route("/pain-points/<int:pain_point_id>/delete", methods=["POST"])
def delete_pain_point(pain_point_id: int):
    pain = load_pain_point_or_404(pain_point_id, permission="pilots.view")
    stage = pain.stage
    return act(
        lambda: pain_points.delete_pain_point(current_user, pain),
        stage.journey_id,
        f"#stage-{stage.id}",
        _("Pain point deleted."),
    )
