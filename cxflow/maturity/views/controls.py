"""Pages of the level matrix: a region's maturity (level, what the next level needs, controls
by block with their state, measured values and sources), a control's history, and the zone of
nearest development's buttons."""

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access, files
from cxflow.core.extensions import db
from cxflow.core.views import handle_action
from cxflow.maturity.access import load_control_or_404, load_region_or_404
from cxflow.maturity.control_forms import ControlTransitionForm
from cxflow.maturity.services import controls, levels, measures, next_steps
from cxflow.maturity.services.matrix import BLOCKS, LEVELS, ROMAN, SCOPES
from cxflow.maturity.views.blueprint import bp
from cxflow.orgs.models import Region
from cxflow.workflows.definitions import MATURITY_CONTROL, MATURITY_LEVEL


@bp.route("/maturity")
def index():
    """The user's region's maturity; federal roles choose a region."""
    access.require(current_user, "maturity.view")
    if current_user.region_id:
        return redirect(url_for("maturity.region", region_id=current_user.region_id))
    regions = db.session.scalars(db.select(Region).order_by(Region.code)).all()
    return render_template("maturity/level_regions.html", regions=regions)


@bp.route("/regions/<int:region_id>/maturity")
def region(region_id: int):
    """The region's level, computed now; a change observed is recorded here (measured sources
    such as meetings change on other pages and with the calendar)."""
    region = load_region_or_404(region_id, permission="maturity.view")
    snap, row, changed = levels.observe(current_user, region)
    # The one write of this page: recording a level change observed on reading (issue #14).
    if changed:
        db.session.commit()
    rows_by_block = {block: [r for r in snap.rows if r.activity.block == block] for block in BLOCKS}
    return render_template(
        "maturity/level.html",
        region=region,
        snap=snap,
        row=row,
        rows_by_block=rows_by_block,
        zone=next_steps.zone(snap),
        steps=next_steps.steps(region),
        pilot=next_steps.cx_pilot(region),
        history=levels.level_history(row),
        level_records=levels.level_records(row),
        workflow=MATURITY_CONTROL,
        level_workflow=MATURITY_LEVEL,
        roman=ROMAN,
        levels_=LEVELS,
        scopes=SCOPES,
        cadences=measures.CADENCE_TITLES,
    )


@bp.route("/regions/<int:region_id>/maturity/controls/<number>/transitions", methods=["POST"])
def transition(region_id: int, number: str):
    region = load_region_or_404(region_id, permission="maturity.view")
    form = ControlTransitionForm()
    if not form.validate():
        abort(400)
    back = url_for("maturity.region", region_id=region.id) + f"#control-{number}"

    def move():
        controls.fire_control(
            current_user,
            region,
            number,
            form.event.data,
            version=form.version.data,
            comment=form.comment.data or "",
            office_id=form.office_id.data,
            evidence_url=form.evidence_url.data or "",
            evidence_file=request.files.get("evidence_file"),
        )

    return handle_action(
        move,
        next_url=back,
        success=lambda: _("Control %(number)s moved.", number=number),
    )


@bp.route("/regions/<int:region_id>/maturity/controls/<number>")
def control(region_id: int, number: str):
    """A control's history (of the region, or of one office with `?office_id=`)."""
    region = load_region_or_404(region_id, permission="maturity.view")
    activity = controls.activity_or_404(number)
    office = None
    if request.args.get("office_id"):
        office = next((o for o in region.offices if str(o.id) == request.args["office_id"]), None)
        if office is None:
            abort(404)
    found = controls.find_control(region, number, office)
    return render_template(
        "maturity/control.html",
        region=region,
        activity=activity,
        office=office,
        control=found,
        history=controls.control_history(found),
        workflow=MATURITY_CONTROL,
        roman=ROMAN,
        levels_=LEVELS,
    )


@bp.route("/maturity/controls/<int:control_id>/evidence")
def control_evidence(control_id: int):
    found = load_control_or_404(control_id, permission="maturity.view")
    if not found.evidence_file_key:
        abort(404)
    return send_file(
        files.path_of(found.evidence_file_key),
        mimetype=found.evidence_content_type,
        as_attachment=True,
        download_name=found.evidence_name,
    )


@bp.route("/regions/<int:region_id>/maturity/next-steps", methods=["POST"])
def add_next_steps(region_id: int):
    """The zone of nearest development's button: a checkpoint in the `cx-system` roadmap."""
    region = load_region_or_404(region_id, permission="maturity.view")
    numbers = request.form.getlist("activities")
    added = []

    def add():
        added.extend(next_steps.add_next_steps(current_user, region, numbers))

    def said() -> str:
        if added and added[0].status == "proposed":
            return _(
                "The roadmap is approved: the checkpoint is recorded as a proposed change. "
                "Return the roadmap to draft and apply it."
            )
        return _("The checkpoint is added to the roadmap.")

    return handle_action(
        add,
        next_url=url_for("maturity.region", region_id=region.id) + "#zone",
        success=said,
    )


@bp.route("/regions/<int:region_id>/maturity/next-steps/apply", methods=["POST"])
def apply_next_steps(region_id: int):
    region = load_region_or_404(region_id, permission="maturity.view")
    return handle_action(
        lambda: next_steps.apply_proposed(current_user, region),
        next_url=url_for("maturity.region", region_id=region.id) + "#zone",
        success=_("The proposed checkpoints are added to the roadmap."),
    )
