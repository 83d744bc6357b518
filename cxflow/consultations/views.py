"""Consultation log pages: the list with filters and search, asking, recording, answering,
the lifecycle, attachments, statistics and the App. 4 workbook."""

import marshmallow as ma
from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.consultations import services
from cxflow.consultations.access import load_attachment_or_404, load_consultation_or_404
from cxflow.consultations.forms import AnswerForm, QuestionForm, RecordForm
from cxflow.consultations.log_workbook import export_file
from cxflow.consultations.models import KIND_TITLES, Consultation
from cxflow.consultations.schemas import ConsultationFilterArgs
from cxflow.core import access, files
from cxflow.core.forms import choices
from cxflow.core.paging import paginate
from cxflow.core.views import handle_action, handle_form
from cxflow.orgs.services import list_regions, region_options
from cxflow.pilots.models import DIRECTION_TITLES
from cxflow.workflows.definitions import CONSULTATION
from cxflow.workflows.forms import TransitionForm

bp = Blueprint("consultations", __name__, url_prefix="/consultations")


def _filter_args() -> dict:
    """The list's filters from the query string; a malformed value is ignored."""
    raw = {k: v for k, v in request.args.items() if v != ""}
    try:
        return ConsultationFilterArgs().load(raw, unknown=ma.EXCLUDE)
    except ma.ValidationError as exc:
        return exc.valid_data or {}


@bp.route("/")
def index():
    args = _filter_args()
    stmt = services.list_consultations(current_user, services.filters_from(args))
    page = paginate(stmt)
    services.annotate(page.items)
    query = {k: request.args[k] for k in ConsultationFilterArgs().fields if request.args.get(k)}
    return render_template(
        "consultations/index.html",
        page=page,
        args=args,
        query=query,
        regions=[(r.code, f"{r.code} {r.name}") for r in list_regions()],
        directions=DIRECTION_TITLES,
        statuses=CONSULTATION.state_titles,
        kinds=KIND_TITLES,
    )


@bp.route("/new", methods=["GET", "POST"])
def new_question():
    access.require(current_user, "consultations.ask")
    form = QuestionForm()
    form.region_id.choices = choices(region_options(current_user))
    if request.method == "GET":
        form.received_on.data = services.moscow_today()
        form.region_id.data = current_user.region_id
    return handle_form(
        form,
        lambda: services.create_consultation(
            current_user,
            {**_entry_data(form), "kind": "question"},
            [f for f in form.attachments.data or [] if f and f.filename],
        ),
        success=_("Question sent to the federal competence centre."),
        template="consultations/new.html",
        kind="question",
        next_url=lambda c: url_for("consultations.detail", consultation_id=c.id),
    )


@bp.route("/record", methods=["GET", "POST"])
def record():
    access.require(current_user, "consultations.record")
    form = RecordForm()
    form.region_id.choices = choices(region_options(current_user))
    form.other_region_ids.choices = choices(region_options(current_user))
    if request.method == "GET":
        form.received_on.data = services.moscow_today()

    def add():
        others = form.other_region_ids.data or []
        data = {**_entry_data(form), "kind": "consultation", "other_region_ids": others}
        return services.create_consultation(current_user, data)

    return handle_form(
        form,
        add,
        success=_("Consultation recorded."),
        template="consultations/new.html",
        kind="consultation",
        next_url=lambda c: url_for("consultations.detail", consultation_id=c.id),
    )


def _entry_data(form) -> dict:
    return {
        f: getattr(form, f).data for f in ("region_id", "direction", "received_on", "topic")
    } | {"question": form.question.data}


def _detail_context(consultation: Consultation) -> dict:
    return {
        "consultation": services.annotate([consultation])[0],
        "history": services.history(consultation),
        "events": services.allowed_events(consultation),
        "workflow": CONSULTATION,
        "directions": DIRECTION_TITLES,
        "kinds": KIND_TITLES,
    }


@bp.route("/<int:consultation_id>")
def detail(consultation_id: int):
    consultation = load_consultation_or_404(consultation_id, permission="consultations.view")
    form = AnswerForm(formdata=None, obj=consultation)
    form.answered_on.data = consultation.answered_on or services.moscow_today()
    return render_template("consultations/detail.html", form=form, **_detail_context(consultation))


@bp.route("/<int:consultation_id>/answer", methods=["POST"])
def answer(consultation_id: int):
    consultation = load_consultation_or_404(consultation_id, permission="consultations.view")
    access.require(current_user, "consultations.answer", consultation.region_id)
    form = AnswerForm()
    return handle_form(
        form,
        lambda: services.answer(
            current_user,
            consultation,
            answer=form.answer.data,
            answered_on=form.answered_on.data,
            version=form.version.data,
        ),
        success=_("Answer saved."),
        template="consultations/detail.html",
        next_url=lambda c: url_for("consultations.detail", consultation_id=c.id),
        **_detail_context(consultation),
    )


@bp.route("/<int:consultation_id>/transitions", methods=["POST"])
def transition(consultation_id: int):
    consultation = load_consultation_or_404(consultation_id, permission="consultations.view")
    form = TransitionForm()
    if not form.validate():
        abort(400)
    return handle_action(
        lambda: services.fire(current_user, consultation, form.event.data, form.comment.data),
        next_url=url_for("consultations.detail", consultation_id=consultation_id) + "#status",
    )


@bp.route("/attachments/<int:attachment_id>")
def attachment(attachment_id: int):
    attachment = load_attachment_or_404(attachment_id)
    return send_file(
        files.path_of(attachment.file_key),
        mimetype=attachment.content_type,
        download_name=attachment.original_name,
        as_attachment=True,
    )


@bp.route("/stats")
def stats():
    args = _filter_args()
    report = services.statistics(current_user, services.filters_from(args))
    query = {k: request.args[k] for k in ConsultationFilterArgs().fields if request.args.get(k)}
    return render_template(
        "consultations/stats.html", report=report, query=query, directions=DIRECTION_TITLES
    )


@bp.route("/export.xlsx")
def export():
    return export_file(current_user, _filter_args())
