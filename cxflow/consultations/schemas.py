"""The JSON shapes of the consultations API."""

import marshmallow as ma

from cxflow.consultations import services
from cxflow.consultations.models import KIND_TITLES
from cxflow.core.api import Id, PageArgs, Timestamp
from cxflow.core.spreadsheets import XLSX_MIMETYPE
from cxflow.pilots.models import Direction
from cxflow.workflows.definitions import CONSULTATION
from cxflow.workflows.schemas import TransitionRecordSchema

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
