"""/api/v1: the consultation log (API.md "Consultation log")."""

from io import BytesIO

import marshmallow as ma
from flask import send_file

from cxflow.consultations import access as consultation_access
from cxflow.consultations import services, spreadsheets
from cxflow.consultations.models import KIND_TITLES, Consultation
from cxflow.core.api import Blueprint, Id, PageArgs, Timestamp, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.core.spreadsheets import XLSX_MIMETYPE
from cxflow.pilots.models import Direction
from cxflow.users.models import User
from cxflow.workflows.definitions import CONSULTATION
from cxflow.workflows.schemas import TransitionArgs, TransitionRecordSchema

blp = Blueprint(
    "consultations_api", __name__, url_prefix="/api/v1", description="The consultation log"
)

DIRECTIONS = ma.validate.OneOf([d.value for d in Direction])
KINDS = ma.validate.OneOf(list(KIND_TITLES))
STATUSES = ma.validate.OneOf(list(CONSULTATION.states))
XLSX_RESPONSE = {
    "description": "An Excel workbook (attachment) in the columns of seed 001 App. 4",
    "content": {XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}


class ConsultationAttachmentSchema(ma.Schema):
    id = ma.fields.Integer()
    original_name = ma.fields.String()
    content_type = ma.fields.String()
    size = ma.fields.Integer()
    sha256 = ma.fields.String()
    created_at = Timestamp()


class ConsultationSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    direction = ma.fields.String()
    topic = ma.fields.String()
    question = ma.fields.String()
    received_on = ma.fields.Date()
    region_id = ma.fields.Integer()
    region_code = ma.fields.Function(lambda c: c.region.code)
    other_region_ids = ma.fields.Function(lambda c: [r.id for r in c.other_regions])
    other_region_codes = ma.fields.Function(lambda c: [r.code for r in c.other_regions])
    asked_by_id = ma.fields.Integer(allow_none=True)
    answer = ma.fields.String()
    answered_on = ma.fields.Date(allow_none=True)
    consultant_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String()
    response_days = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "Working days after received_on up to answered_on"},
    )
    sla_deadline = ma.fields.Date(allow_none=True)
    breached = ma.fields.Boolean()
    attachments = ma.fields.List(ma.fields.Nested(ConsultationAttachmentSchema))
    version = ma.fields.Integer()
    created_at = Timestamp()


class ConsultationDetailSchema(ConsultationSchema):
    allowed_events = ma.fields.Function(services.allowed_events)
    history = ma.fields.Function(
        lambda c: TransitionRecordSchema(many=True).dump(services.history(c))
    )


class ConsultationCreate(ma.Schema):
    kind = ma.fields.String(load_default="question", validate=KINDS)
    direction = ma.fields.String(required=True, validate=DIRECTIONS)
    region_id = Id(required=True)
    other_region_ids = ma.fields.List(Id(), load_default=list, validate=ma.validate.Length(max=100))
    topic = ma.fields.String(load_default="")
    question = ma.fields.String(required=True)
    received_on = ma.fields.Date(required=True)


class ConsultationAnswer(ma.Schema):
    answer = ma.fields.String(required=True)
    answered_on = ma.fields.Date(required=True)
    version = Id(metadata={"description": "The version read; a stale one is a 409"})


class ConsultationFilterArgs(ma.Schema):
    region_code = ma.fields.String(metadata={"description": "The main or one of the regions"})
    direction = ma.fields.String(validate=DIRECTIONS)
    status = ma.fields.String(validate=STATUSES)
    kind = ma.fields.String(validate=KINDS)
    unanswered = ma.fields.Boolean()
    breached = ma.fields.Boolean(metadata={"description": "Past the SLA in working days"})
    received_from = ma.fields.Date()
    received_to = ma.fields.Date()
    q = ma.fields.String(metadata={"description": "Words in the topic, question or answer"})


class ConsultationListArgs(ConsultationFilterArgs, PageArgs):
    pass


class ConsultationGroupSchema(ma.Schema):
    key = ma.fields.String()
    title = ma.fields.String()
    count = ma.fields.Integer()
    answered = ma.fields.Integer()
    breached = ma.fields.Integer()
    mean_response_days = ma.fields.Float(allow_none=True)


class ConsultationStatsSchema(ma.Schema):
    total = ma.fields.Nested(ConsultationGroupSchema)
    by_month = ma.fields.List(ma.fields.Nested(ConsultationGroupSchema))
    by_region = ma.fields.List(ma.fields.Nested(ConsultationGroupSchema))
    by_direction = ma.fields.List(ma.fields.Nested(ConsultationGroupSchema))
    by_topic = ma.fields.List(ma.fields.Nested(ConsultationGroupSchema))


# --- shared by the pages and the API ----------------------------------------------------------


def export_file(user: User, args: dict):
    """The log as .xlsx, with the same filters and scoping as the list."""
    stmt = services.list_consultations(user, services.filters_from(args))
    body = spreadsheets.log_workbook(list(db.session.scalars(stmt)))
    name = f"Журнал консультаций {services.moscow_today():%d.%m.%Y}.xlsx"
    return send_file(BytesIO(body), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=name)


def _consultation(consultation_id: int) -> Consultation:
    return services.get_consultation(api_user(), consultation_id)


# --- endpoints --------------------------------------------------------------------------------


@blp.route("/consultations")
@blp.arguments(ConsultationListArgs, location="query")
@blp.response(200, list_schema(ConsultationSchema))
def list_consultations(args):
    """The log the user may see, newest first; `breached`: past the SLA in working days."""
    stmt = services.list_consultations(api_user(), services.filters_from(args))
    result = paginated(stmt, args["page"], args["per_page"])
    result["items"] = services.annotate(result["items"])
    return result


@blp.route("/consultations", methods=["POST"])
@blp.arguments(ConsultationCreate)
@blp.response(201, ConsultationDetailSchema)
def create_consultation(data):
    """A region's question, or (`kind` "consultation") one recorded by a federal consultant."""
    consultation = services.create_consultation(api_user(), data)
    db.session.commit()
    return _consultation(consultation.id)


@blp.route("/consultations/<int:consultation_id>")
@blp.response(200, ConsultationDetailSchema)
def get_consultation(consultation_id):
    return _consultation(consultation_id)


@blp.route("/consultations/<int:consultation_id>/answer", methods=["POST"])
@blp.arguments(ConsultationAnswer)
@blp.response(200, ConsultationDetailSchema)
def answer_consultation(data, consultation_id):
    """Answer an open entry (federal consultant); the asker is notified."""
    consultation = consultation_access.load_consultation_or_404(consultation_id, api_user())
    services.answer(api_user(), consultation, **data)
    db.session.commit()
    return _consultation(consultation_id)


@blp.route("/consultations/<int:consultation_id>/transitions", methods=["POST"])
@blp.arguments(TransitionArgs)
@blp.response(200, ConsultationDetailSchema)
def consultation_transition(args, consultation_id):
    """`close` an answered entry or `reopen` it (a comment is required)."""
    consultation = consultation_access.load_consultation_or_404(consultation_id, api_user())
    services.fire(api_user(), consultation, args["event"], args["comment"])
    db.session.commit()
    return _consultation(consultation_id)


@blp.route("/consultations/export.xlsx")
@blp.arguments(ConsultationFilterArgs, location="query")
@blp.doc(responses={"200": XLSX_RESPONSE})
def export_consultations(args):
    """The log in the columns of seed 001 App. 4, with the list's filters."""
    return export_file(api_user(), args)


@blp.route("/consultations/stats")
@blp.arguments(ConsultationFilterArgs, location="query")
@blp.response(200, ConsultationStatsSchema)
def consultation_stats(args):
    """Counts by month, region, direction and topic; mean response days; SLA breaches."""
    return services.statistics(api_user(), services.filters_from(args))
