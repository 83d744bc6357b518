"""HTML pages of solution maps: the map of a pilot as a table whose rows are edited in place,
and one solution with its lifecycle, history and effect."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.forms import choices
from cxflow.core.routing import id_arg
from cxflow.core.views import handle_action, handle_form
from cxflow.journeys.services.measurements import describe
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.models import Pilot
from cxflow.solutions import services
from cxflow.solutions.access import load_solution_or_404
from cxflow.solutions.forms import EffectForm, SolutionEditForm, SolutionForm, TransitionForm
from cxflow.solutions.models import TIER_TITLES, Solution, Tier
from cxflow.solutions.solution_map_workbook import LAYOUTS
from cxflow.workflows import engine
from cxflow.workflows.definitions import SOLUTION

bp = Blueprint("solutions", __name__)

FORM_FIELDS = tuple(f for f in services.FIELDS if f != "quick_win")


def _map_url(pilot_id: int, solution_id: int | None = None) -> str:
    anchor = f"#solution-{solution_id}" if solution_id else ""
    return url_for("solutions.index", pilot_id=pilot_id) + anchor


def _detail_url(solution_id: int) -> str:
    return url_for("solutions.detail", solution_id=solution_id)


def _set_choices(form, pilot: Pilot, stages) -> None:
    form.stage_id.choices = choices(
        ((s.id, f"{s.journey.title}: {s.position}. {s.title}") for s in stages),
        empty=_("— choose a stage —"),
    )
    pains = ((p, s) for s in stages for p in s.pain_points)
    form.pain_point_id.choices = choices(
        ((p.id, f"{s.position}. {s.title} — {p.description}") for p, s in pains),
        empty=_("— none —"),
    )
    form.owner_user_id.choices = choices(
        ((u.id, u.full_name) for u in services.owner_options(pilot)), empty=_("— nobody —")
    )


def _data(form) -> dict:
    data = {name: getattr(form, name).data for name in FORM_FIELDS}
    return data | {"tier": form.tier.data or Tier.long_term.value}


def _map_page(form, action, pilot: Pilot, stages, *, success: str, edit_form=None, editing=None):
    """The map page: the table (one row may be in edit mode) and the form of a new row; the
    map is read only when the page is shown, not before the redirect of a save."""

    def page() -> dict:
        rows = services.solution_map(current_user, pilot)
        return {
            "rows": rows,
            "events": {s.id: engine.allowed_events(SOLUTION, s.status) for s, _ in rows},
            "effects": {s.id: services.effect(s) for s, _ in rows},
        }

    return handle_form(
        edit_form or form,
        action,
        success=success,
        next_url=lambda s: _map_url(pilot.id, s.id),
        template="solutions/map.html",
        new_form=form,
        edit_form=edit_form,
        editing=editing,
        page=page,
        pilot=pilot,
        has_stages=bool(stages),
        tier_titles=TIER_TITLES,
        verdicts=services.VERDICT_TITLES,
        export_layouts=[(key, layout.description) for key, layout in LAYOUTS.items()],
        workflow=SOLUTION,
    )


@bp.route("/pilots/<int:pilot_id>/solutions", methods=["GET", "POST"])
def index(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    stages = services.stage_options(pilot)
    form = SolutionForm()
    _set_choices(form, pilot, stages)
    if request.method == "POST":
        access.require(current_user, "cycle.edit", pilot.region_id)
    edit_form = editing = None
    edit_id = id_arg("edit")
    if (
        request.method == "GET"
        and edit_id
        and access.can(current_user, "cycle.edit", pilot.region_id)
    ):
        editing = services.solution_by_id(pilot, edit_id)
        if editing is not None:
            edit_form = _edit_form(editing, stages, formdata=None)
    return _map_page(
        form,
        lambda: services.create_solution(current_user, pilot, _data(form)),
        pilot,
        stages,
        success=_("Solution added to the map."),
        edit_form=edit_form,
        editing=editing,
    )


def _edit_form(solution: Solution, stages, **kwargs) -> SolutionEditForm:
    data = services.solution_data(solution) | {"version": solution.version}
    form = SolutionEditForm(prefix="edit", data=data, **kwargs)
    _set_choices(form, solution.pilot, stages)
    return form


@bp.route("/solutions/<int:solution_id>/edit", methods=["GET", "POST"])
def edit(solution_id: int):
    """Edit a row in place in the map's table."""
    solution = load_solution_or_404(solution_id, permission="pilots.view")
    access.require(current_user, "cycle.edit", solution.region_id)
    if request.method == "GET":
        return redirect(
            url_for("solutions.index", pilot_id=solution.pilot_id, edit=solution.id)
            + f"#solution-{solution.id}"
        )
    pilot = solution.pilot
    stages = services.stage_options(pilot)
    form = SolutionForm(formdata=None)
    _set_choices(form, pilot, stages)
    edit_form = _edit_form(solution, stages)
    return _map_page(
        form,
        lambda: services.update_solution(
            current_user, solution, _data(edit_form), edit_form.version.data
        ),
        pilot,
        stages,
        success=_("Solution saved."),
        edit_form=edit_form,
        editing=solution,
    )


@bp.route("/solutions/<int:solution_id>/delete", methods=["POST"])
def delete(solution_id: int):
    solution = load_solution_or_404(solution_id, permission="pilots.view")
    pilot_id = solution.pilot_id
    return handle_action(
        lambda: services.delete_solution(current_user, solution),
        next_url=_map_url(pilot_id),
        success=_("Solution deleted."),
    )


@bp.route("/solutions/<int:solution_id>/transitions", methods=["POST"])
def transition(solution_id: int):
    solution = load_solution_or_404(solution_id, permission="pilots.view")
    form = TransitionForm()
    if not form.validate():
        abort(400)
    if request.args.get("back") == "detail":
        next_url = _detail_url(solution.id)
    else:
        next_url = _map_url(solution.pilot_id, solution.id)
    return handle_action(
        lambda: services.fire(
            current_user,
            solution,
            form.event.data,
            form.comment.data,
            form.done_on.data,
            version=form.version.data,
        ),
        next_url=next_url,
        success=lambda: _("Status: %(status)s.", status=SOLUTION.state_titles[solution.status]),
    )


# --- one solution: lifecycle, history, effect -------------------------------------------------


def _effect_form(solution: Solution, **kwargs) -> EffectForm:
    data = {
        "before_measurement_id": solution.before_measurement_id,
        "after_measurement_id": solution.after_measurement_id,
        "version": solution.version,
    }
    form = EffectForm(data=data, **kwargs)
    options = [
        (m.id, describe(m) + f" · {m.period_start:%d.%m.%Y}–{m.period_end:%d.%m.%Y}")
        for m in services.stage_measurements(solution)
    ]
    form.before_measurement_id.choices = choices(options, empty=_("— not chosen —"))
    form.after_measurement_id.choices = choices(options, empty=_("— not chosen —"))
    return form


@bp.route("/solutions/<int:solution_id>", methods=["GET", "POST"])
def detail(solution_id: int):
    """The solution, its status and history, and its effect: the stage's measurements before
    and after it (POST sets them)."""
    solution = load_solution_or_404(solution_id, permission="pilots.view")
    form = _effect_form(solution)
    if request.method == "POST":
        access.require(current_user, "cycle.edit", solution.region_id)
    return handle_form(
        form,
        lambda: services.link_measurements(
            current_user,
            solution,
            {
                "before_measurement_id": form.before_measurement_id.data,
                "after_measurement_id": form.after_measurement_id.data,
            },
            form.version.data,
        ),
        success=_("Measurements saved."),
        next_url=lambda s: _detail_url(s.id) + "#effect",
        template="solutions/solution.html",
        solution=solution,
        pilot=solution.pilot,
        effect=services.effect(solution),
        verdicts=services.VERDICT_TITLES,
        tier_titles=TIER_TITLES,
        events=engine.allowed_events(SOLUTION, solution.status),
        history=services.history(solution),
        describe=describe,
        workflow=SOLUTION,
    )
