"""Pilot pages: the list, a new pilot, the pilot's own fields, its documents."""

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access, files, methodology
from cxflow.core.extensions import db
from cxflow.core.forms import choices
from cxflow.core.paging import paginate
from cxflow.core.views import handle_form
from cxflow.orgs.models import Office
from cxflow.orgs.services import region_options
from cxflow.pilots import services
from cxflow.pilots.access import load_deliverable_or_404, load_pilot_or_404
from cxflow.pilots.forms import NewPilotForm, PilotForm
from cxflow.pilots.models import DIRECTION_TITLES

bp = Blueprint("pilots", __name__)


@bp.route("/pilots/")
def index():
    access.require(current_user, "pilots.view")
    direction = request.args.get("direction") or None
    page = paginate(services.list_pilots(current_user, direction))
    return render_template(
        "pilots/index.html", page=page, direction=direction, directions=DIRECTION_TITLES
    )


@bp.route("/pilots/new", methods=["GET", "POST"])
def new():
    access.require(current_user, "pilots.manage")
    form = NewPilotForm()
    form.region_id.choices = choices(region_options(current_user))
    form.template.choices = choices(
        ((d.key, d.title) for d in methodology.documents("roadmaps").values()),
        empty=_("— no template, an empty roadmap —"),
    )
    return handle_form(
        form,
        lambda: services.create_pilot(
            current_user,
            region_id=form.region_id.data,
            direction=form.direction.data,
            title=form.title.data,
            template=form.template.data or None,
            start_date=form.start_date.data,
            end_date=form.end_date.data,
            project_year=form.project_year.data,
            optional_lines=form.optional_lines.data,
        ),
        success=_("Pilot created."),
        template="pilots/new.html",
        next_url=lambda p: url_for("roadmaps.pilot", pilot_id=p.id),
    )


@bp.route("/pilots/<int:pilot_id>/edit", methods=["GET", "POST"])
def edit(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id)
    access.require(current_user, "pilots.manage", pilot.region_id)
    form = PilotForm(obj=pilot)
    offices = db.session.scalars(
        sa.select(Office).where(Office.region_id == pilot.region_id).order_by(Office.name)
    )
    form.office_ids.choices = choices((o.id, o.name) for o in offices)
    if request.method == "GET":
        form.office_ids.data = [o.id for o in pilot.offices]
        for phase in pilot.phases:
            getattr(form, f"{phase.kind}_start").data = phase.start_date
            getattr(form, f"{phase.kind}_end").data = phase.end_date
    return handle_form(
        form,
        lambda: services.update_pilot(current_user, pilot, _pilot_data(form), form.version.data),
        success=_("Pilot saved."),
        template="pilots/edit.html",
        pilot=pilot,
        next_url=lambda p: url_for("roadmaps.pilot", pilot_id=p.id),
    )


def _pilot_data(form: PilotForm) -> dict:
    data = {f: getattr(form, f).data for f in services.PILOT_FIELDS}
    data["office_ids"] = form.office_ids.data or []
    data["phases"] = [
        {
            "kind": kind,
            "start_date": getattr(form, f"{kind}_start").data,
            "end_date": getattr(form, f"{kind}_end").data,
        }
        for kind in services.PHASES
        if getattr(form, f"{kind}_start").data or getattr(form, f"{kind}_end").data
    ]
    return data


@bp.route("/deliverables/<int:deliverable_id>")
def download_deliverable(deliverable_id: int):
    deliverable = load_deliverable_or_404(deliverable_id)
    if deliverable.url:
        return redirect(deliverable.url)
    return send_file(
        files.path_of(deliverable.file_key),
        mimetype=deliverable.content_type,
        download_name=deliverable.original_name,
        as_attachment=True,
    )
