"""Pilot and roadmap pages."""

import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from cxflow.core import access
from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.core.forms import choices
from cxflow.core.routing import id_arg
from cxflow.core.views import handle_action, handle_form
from cxflow.cycle import services as cycle
from cxflow.pilots import services as pilot_services
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.models import DIRECTION_TITLES, Deliverable, Pilot
from cxflow.pilots.services import pilot_deliverables
from cxflow.roadmaps import artefacts, services
from cxflow.roadmaps.access import load_activity_or_404
from cxflow.roadmaps.forms import (
    ActivityForm,
    DeliverableForm,
    NewActivityForm,
)
from cxflow.roadmaps.models import Activity
from cxflow.users.models import User
from cxflow.workflows import engine
from cxflow.workflows.definitions import ACTIVITY, ROADMAP
from cxflow.workflows.forms import TransitionForm
from cxflow.working_groups.services import list_members

bp = Blueprint("roadmaps", __name__)


def timeline(rows: list[tuple[Activity, bool]], today: dt.date) -> dict | None:
    """Bars of a Gantt chart in percent of the roadmap's date range, with today's line."""
    dated = [(a, o) for a, o in rows if a.due_date]
    if not dated:
        return None
    first = min(a.start_date or a.due_date for a, _ in dated)
    last = max(a.due_date for a, _ in dated)
    span = max((last - first).days + 1, 1)

    def percent(day: dt.date) -> float:
        return round((day - first).days * 100 / span, 2)

    bars = [
        {
            "activity": a,
            "overdue": o,
            "left": percent(a.start_date or a.due_date),
            "width": max(
                percent(a.due_date + dt.timedelta(days=1)) - percent(a.start_date or a.due_date),
                0.6,
            ),
            "milestone": a.start_date is None,
        }
        for a, o in dated
    ]
    today_at = percent(today) if first <= today <= last else None
    return {"first": first, "last": last, "bars": bars, "today": today_at}


@bp.route("/pilots/<int:pilot_id>")
def pilot(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id)
    rows = services.roadmap(pilot)
    deliverable_form = DeliverableForm(formdata=None)
    deliverable_form.activity_id.choices = _line_choices(rows)
    template = services.template_of(pilot)
    return render_template(
        "roadmaps/pilot.html",
        pilot=pilot,
        rows=rows,
        template=template,
        template_items={
            a.id: template.item(a.template_number)
            for a, _ in rows
            if template and a.template_number
        },
        line_histories=engine.histories(ACTIVITY, [a.id for a, _ in rows]),
        artefact_title=artefacts.title_of,
        artefact_need=artefacts.need_of,
        timeline=timeline(rows, region_today(pilot.region.timezone)),
        deliverables=pilot_deliverables(pilot, selectinload(Deliverable.activity)),
        roadmap_events=engine.allowed_events(ROADMAP, pilot.roadmap_status),
        roadmap_blockers=engine.blockers(ROADMAP, pilot, "approve"),
        history=engine.history(ROADMAP, pilot.id),
        cycle_missing=[r for r in cycle.checklist(pilot) if not r.met],
        deliverable_form=deliverable_form,
        transition_form=TransitionForm(formdata=None),
        directions=DIRECTION_TITLES,
        activity_events={a.id: engine.allowed_events(ACTIVITY, a.status) for a, _ in rows},
        roadmap_workflow=ROADMAP,
        activity_workflow=ACTIVITY,
    )


def _line_choices(rows) -> list:
    lines = [(a.id, f"{a.number} {a.title[:80]}") for a, _ in rows]
    return choices(lines, empty=_("— the pilot as a whole —"))


def _responsible_choices(pilot: Pilot) -> list:
    users = db.session.scalars(
        sa.select(User)
        .where(User.region_id == pilot.region_id, User.active)
        .order_by(User.full_name)
    )
    return choices(((u.id, u.full_name) for u in users), empty="—")


ACTIVITY_DATA = (
    "title",
    "responsible",
    "responsible_user_id",
    "start_date",
    "duration_working_days",
    "due_date",
    "result",
    "deliverable_kind",
    "note",
)


def _activity_data(form, activity: Activity | None = None) -> dict:
    """The form's values; schedule fields only when they changed (an approved roadmap keeps
    its dates, but its responsible people and notes may still change)."""
    data = {f: getattr(form, f).data for f in ACTIVITY_DATA}
    if activity is not None:
        for field in services.SCHEDULE_FIELDS:
            if data[field] == getattr(activity, field):
                del data[field]
    return data


@bp.route("/pilots/<int:pilot_id>/activities/new", methods=["GET", "POST"])
def new_activity(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id)
    access.require(current_user, "roadmaps.edit", pilot.region_id)
    form = NewActivityForm(parent_id=request.args.get("parent_id", ""))
    form.responsible_user_id.choices = _responsible_choices(pilot)
    parent_id = id_arg("parent_id", request.values)
    parent = load_activity_or_404(parent_id) if parent_id else None

    def add():
        return services.add_activity(
            current_user, pilot, {**_activity_data(form), "kind": form.kind.data}, parent
        )

    return handle_form(
        form,
        add,
        success=_("Roadmap line added."),
        template="roadmaps/activity_form.html",
        pilot=pilot,
        parent=parent,
        next_url=lambda a: url_for("roadmaps.pilot", pilot_id=pilot.id) + f"#activity-{a.id}",
    )


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
def edit_activity(activity_id: int):
    activity = load_activity_or_404(activity_id)
    access.require(current_user, "roadmaps.edit", activity.region_id)
    form = ActivityForm(obj=activity)
    del form.kind
    form.responsible_user_id.choices = _responsible_choices(activity.pilot)
    return handle_form(
        form,
        lambda: services.update_activity(
            current_user, activity, _activity_data(form, activity), form.version.data
        ),
        success=_("Roadmap line saved."),
        template="roadmaps/activity_form.html",
        pilot=activity.pilot,
        activity=activity,
        next_url=lambda a: url_for("roadmaps.pilot", pilot_id=a.pilot_id) + f"#activity-{a.id}",
    )


def _act(action, pilot_id: int, anchor: str = ""):
    """Run a one-button action (move, delete, transition) and come back to the pilot."""
    return handle_action(action, next_url=url_for("roadmaps.pilot", pilot_id=pilot_id) + anchor)


@bp.route("/activities/<int:activity_id>/move", methods=["POST"])
def move_activity(activity_id: int):
    activity = load_activity_or_404(activity_id)
    how = request.form.get("how", "")
    return _act(
        lambda: services.move_activity(current_user, activity, how),
        activity.pilot_id,
        f"#activity-{activity.id}",
    )


@bp.route("/activities/<int:activity_id>/delete", methods=["POST"])
def delete_activity(activity_id: int):
    activity = load_activity_or_404(activity_id)
    pilot_id = activity.pilot_id
    return _act(lambda: services.delete_activity(current_user, activity), pilot_id, "#roadmap")


@bp.route("/activities/<int:activity_id>/transitions", methods=["POST"])
def activity_transition(activity_id: int):
    activity = load_activity_or_404(activity_id)
    form = TransitionForm()
    if not form.validate():
        abort(400)
    return _act(
        lambda: services.fire_activity(current_user, activity, form.event.data, form.comment.data),
        activity.pilot_id,
        f"#activity-{activity.id}",
    )


@bp.route("/pilots/<int:pilot_id>/roadmap/transitions", methods=["POST"])
def roadmap_transition(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id)
    form = TransitionForm()
    if not form.validate():
        abort(400)
    return _act(
        lambda: services.fire_roadmap(current_user, pilot, form.event.data, form.comment.data),
        pilot.id,
        "#approval",
    )


@bp.route("/pilots/<int:pilot_id>/deliverables", methods=["POST"])
def add_deliverable(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id)
    form = DeliverableForm()
    form.activity_id.choices = _line_choices(services.roadmap(pilot))

    def attach():
        activity_id = form.activity_id.data
        return pilot_services.add_deliverable(
            current_user,
            pilot,
            kind=form.kind.data,
            title=form.title.data,
            url=form.url.data,
            upload=form.file.data or None,
            activity=load_activity_or_404(activity_id) if activity_id else None,
        )

    return handle_form(
        form,
        attach,
        success=_("Document attached."),
        next_url=lambda _deliverable: (
            url_for("roadmaps.pilot", pilot_id=pilot.id) + "#deliverables"
        ),
        template="roadmaps/deliverable_form.html",
        pilot=pilot,
    )


@bp.route("/my/activities")
def my_activities():
    return render_template("roadmaps/my_activities.html", rows=services.my_activities(current_user))


@bp.route("/pilots/<int:pilot_id>/results-report")
def results_report(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id)
    return render_template(
        "roadmaps/results_report.html", pilot=pilot, rows=services.roadmap(pilot)
    )


@bp.route("/pilots/<int:pilot_id>/order")
def order(pilot_id: int):
    """The launching order in the shape of the seeds' draft (seed 001 App. 2, 002 App. 2)."""
    pilot = load_pilot_or_404(pilot_id)
    return render_template(
        "roadmaps/order.html",
        pilot=pilot,
        directions=DIRECTION_TITLES,
        members=list_members(current_user, pilot),  # annex 1: the working group
    )
