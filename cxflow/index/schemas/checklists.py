"""The JSON shapes of an office's objective checklists (API.md "Customer-centricity index",
seed 002 App. 8)."""

import marshmallow as ma
from flask import url_for

from cxflow.core.api import Id, Timestamp
from cxflow.index.schemas.periods import IndexPeriodDates


class OfficeChecklistBody(IndexPeriodDates):
    """The body of a PUT. `items` and `values` are checked by the service, which names each
    bad field (`items.2.evidence_url`, `values.previous`)."""

    items = ma.fields.Raw(
        load_default=list,
        metadata={
            "description": "[{code, implemented, evidence_url, remove_file?}]: every parameter "
            "implemented; one not sent is not implemented (and loses its file)",
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "implemented": {"type": "boolean"},
                    "evidence_url": {"type": "string", "description": "http(s) only"},
                    "remove_file": {"type": "boolean"},
                },
            },
        },
    )
    values = ma.fields.Raw(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "vacancy_dynamics: {current, previous} (whole numbers, previous > 0); "
            "jobseeker_events: {other_events: [titles]}; comfort: {additional_services}",
            "type": "object",
        },
    )
    version = Id(
        load_default=None,
        metadata={"description": "The checklist's version as read: a stale one is a 409"},
    )


CHECKLIST_BODY = {
    "content": {
        "application/json": {"schema": OfficeChecklistBody},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["payload"],
                "properties": {
                    "payload": {
                        "type": "string",
                        "description": "The JSON body as text",
                    },
                    "items.0.evidence_file": {
                        "type": "string",
                        "format": "binary",
                        "description": "items.N.evidence_file: a PNG, JPEG or PDF for item N",
                    },
                },
            }
        },
    }
}


class ChecklistEvidenceFileSchema(ma.Schema):
    name = ma.fields.String(attribute="evidence_name")
    content_type = ma.fields.String(attribute="evidence_type")
    size = ma.fields.Integer(attribute="evidence_size")
    url = ma.fields.Function(
        lambda item: url_for("index_api.checklist_evidence", item_id=item.id, _external=False)
    )


class OfficeChecklistItemSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    implemented = ma.fields.Boolean()
    evidence_url = ma.fields.String()
    evidence_file = ma.fields.Method("_file", allow_none=True)
    verdict = ma.fields.Function(lambda i: i.verdict.value if i.verdict else None, allow_none=True)
    verdict_comment = ma.fields.String()

    def _file(self, item):
        return ChecklistEvidenceFileSchema().dump(item) if item.evidence_key else None


class OfficeChecklistSchema(ma.Schema):
    id = ma.fields.Integer()
    office_id = ma.fields.Integer()
    period_id = ma.fields.Integer()
    period_start = ma.fields.Date(attribute="period.start")
    period_end = ma.fields.Date(attribute="period.end")
    indicator_key = ma.fields.String()
    methodology_version = ma.fields.Integer()
    score = ma.fields.Float(metadata={"description": "The objective points, computed on save"})
    max = ma.fields.Float()
    values = ma.fields.Dict()
    items = ma.fields.List(ma.fields.Nested(OfficeChecklistItemSchema))
    filled_by = ma.fields.Function(
        lambda c: c.filled_by.full_name if c.filled_by else None, allow_none=True
    )
    updated_at = Timestamp()
    version = ma.fields.Integer()


class OfficeChecklistRowSchema(ma.Schema):
    indicator_key = ma.fields.String(attribute="indicator.key")
    level = ma.fields.String(attribute="indicator.level")
    applies = ma.fields.Boolean(
        metadata={"description": "false: filled once per region at its managing office"}
    )
    filled = ma.fields.Function(lambda r: r.checklist is not None)
    score = ma.fields.Function(lambda r: r.checklist.score if r.checklist else None)
    max = ma.fields.Float(attribute="indicator.objective_max")
    version = ma.fields.Function(lambda r: r.checklist.version if r.checklist else None)
    suspended = ma.fields.Function(lambda r: r.suspension is not None)
    suspension_reason = ma.fields.Function(
        lambda r: r.suspension.reason if r.suspension else None, allow_none=True
    )


class OfficeChecklistList(ma.Schema):
    office_id = ma.fields.Integer()
    period_id = ma.fields.Integer(allow_none=True)
    items = ma.fields.List(ma.fields.Nested(OfficeChecklistRowSchema))
    total = ma.fields.Integer()
