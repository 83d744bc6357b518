"""The JSON shapes of the self-assessment API (API.md "Maturity self-assessment")."""

import marshmallow as ma
from flask import url_for

from cxflow.core.api import PageArgs, Timestamp
from cxflow.core.pdf import PDF_MIMETYPE
from cxflow.core.spreadsheets import XLSX_MIMETYPE
from cxflow.maturity.services import assessments as services
from cxflow.maturity.services import checklist as cl

XLSX_RESPONSE = {
    "description": "An Excel workbook (attachment) in the layout of seed 004 §3",
    "content": {XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}
PDF_RESPONSE = {
    "description": "A PDF (attachment) in the layout of seed 004 §3",
    "content": {PDF_MIMETYPE: {"schema": {"type": "string", "format": "binary"}}},
}

ANSWERS_DOC = {
    "description": (
        "One entry per checklist item: `answer` is an option code, or a list of codes for "
        "`training` (their points add up; an empty list is 0); `evidence_url` an http(s) "
        "link. The short form `{item: answer}` is accepted too. A missing, repeated or "
        "unknown item, an unknown code, a list for a one-choice item or a code for a list "
        "item: 422 naming `answers.<item>`."
    ),
    "type": "array",
    "items": {
        "type": "object",
        "required": ["item", "answer"],
        "properties": {
            "item": {"type": "string", "example": "profiles"},
            "answer": {
                "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
            },
            "evidence_url": {"type": "string", "format": "uri"},
        },
    },
}


class Answers(ma.fields.Raw):
    """Checked item by item by the service (cxflow.maturity.services.checklist)."""


# --- the checklist --------------------------------------------------------------------------


class OptionSchema(ma.Schema):
    code = ma.fields.String()
    title = ma.fields.String()
    points = ma.fields.Integer()


class ItemSchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "The item's key in `answers`"})
    number = ma.fields.Integer()
    block = ma.fields.String()
    title = ma.fields.String()
    multiple = ma.fields.Boolean(metadata={"description": "A list of codes; points add up"})
    none_title = ma.fields.String(metadata={"description": "A list item with nothing ticked"})
    max_points = ma.fields.Integer()
    options = ma.fields.List(ma.fields.Nested(OptionSchema))
    source = ma.fields.String(metadata={"description": "Lines of seed 004 §3"})


class BlockSchema(ma.Schema):
    code = ma.fields.String()
    title = ma.fields.String()
    max = ma.fields.Integer()


class ChecklistSchema(ma.Schema):
    key = ma.fields.String()
    version = ma.fields.Integer()
    title = ma.fields.String()
    source = ma.fields.String()
    max_score = ma.fields.Integer()
    blocks = ma.fields.List(ma.fields.Nested(BlockSchema))
    items = ma.fields.List(ma.fields.Nested(ItemSchema))


# --- assessments ----------------------------------------------------------------------------


class BlockScoreSchema(ma.Schema):
    score = ma.fields.Integer()
    max = ma.fields.Integer()


BLOCKS = ma.fields.Dict(
    keys=ma.fields.String(),
    values=ma.fields.Nested(BlockScoreSchema),
    metadata={"description": "analysis (max 9), improvement (3), environment (18)"},
)


def _answer_value(row) -> str | list[str]:
    return _value_of(row.item, tuple(row.options))


def _evidence_file(row) -> dict | None:
    if not row.evidence_key:
        return None
    return {
        "name": row.evidence_name,
        "content_type": row.evidence_type,
        "size": row.evidence_size,
        "sha256": row.evidence_sha256,
        "url": url_for("maturity_api.get_evidence", assessment_id=row.assessment_id, item=row.item),
    }


class AnswerSchema(ma.Schema):
    item = ma.fields.String()
    number = ma.fields.Integer()
    block = ma.fields.String()
    answer = ma.fields.Function(_answer_value, metadata={"description": "A code or a list"})
    points = ma.fields.Integer()
    evidence_url = ma.fields.String()
    evidence_file = ma.fields.Function(_evidence_file, allow_none=True)


class NextStepSchema(ma.Schema):
    item = ma.fields.String()
    number = ma.fields.Integer()
    option = ma.fields.String(metadata={"description": "The option code of the next step up"})
    option_title = ma.fields.String()
    gain = ma.fields.Integer(metadata={"description": "Points the step adds"})


class DifferenceSchema(ma.Schema):
    item = ma.fields.String()
    number = ma.fields.Integer()
    self = ma.fields.Function(lambda d: _value_of(d.item, d.self))
    consultant = ma.fields.Function(lambda d: _value_of(d.item, d.consultant))
    self_points = ma.fields.Integer()
    consultant_points = ma.fields.Integer()


def _value_of(item_code: str, codes: tuple[str, ...]) -> str | list[str]:
    """A code, or a list of codes for a multiple item (as the answer was given)."""
    item = cl.current().item(item_code)
    multiple = item.multiple if item is not None else len(codes) != 1
    return list(codes) if multiple else codes[0]


class CalibrationAnswerSchema(ma.Schema):
    item = ma.fields.String()
    number = ma.fields.Integer()
    block = ma.fields.String()
    answer = ma.fields.Function(_answer_value, metadata={"description": "A code or a list"})
    points = ma.fields.Integer()


class CalibrationSchema(ma.Schema):
    id = ma.fields.Integer()
    assessment_id = ma.fields.Integer()
    consultant_id = ma.fields.Integer(allow_none=True)
    score = ma.fields.Integer()
    max_score = ma.fields.Function(lambda c: c.assessment.max_score)
    blocks = BLOCKS
    comment = ma.fields.String()
    answers = ma.fields.List(ma.fields.Nested(CalibrationAnswerSchema))
    differences = ma.fields.Function(
        lambda c: DifferenceSchema(many=True).dump(services.differences(c)),
        metadata={"description": "Items where the consultant answered otherwise"},
    )
    created_at = Timestamp()


class AssessmentSchema(ma.Schema):
    id = ma.fields.Integer()
    region_id = ma.fields.Integer()
    checklist_key = ma.fields.String()
    checklist_version = ma.fields.Integer()
    filled_on = ma.fields.Date()
    filled_by = ma.fields.String(metadata={"description": "«Исполнитель»"})
    conclusion = ma.fields.String(metadata={"description": "«Заключительная оценка»"})
    score = ma.fields.Integer()
    max_score = ma.fields.Integer()
    blocks = BLOCKS
    author_id = ma.fields.Integer(allow_none=True)
    version = ma.fields.Integer()
    created_at = Timestamp()


class HistoryItemSchema(AssessmentSchema):
    """An assessment of the history with its change since the previous one."""

    change = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "Score minus the previous assessment's (null: the first)"},
    )
    block_changes = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())

    @ma.pre_dump
    def _unwrap(self, entry: services.HistoryEntry, **kwargs) -> dict:
        names = AssessmentSchema._declared_fields
        values = {name: getattr(entry.assessment, name) for name in names}
        return values | {"change": entry.change, "block_changes": entry.block_changes}


class AssessmentDetailSchema(AssessmentSchema):
    answers = ma.fields.List(ma.fields.Nested(AnswerSchema))
    next_steps = ma.fields.Function(
        lambda a: NextStepSchema(many=True).dump(services.next_steps(a)),
        metadata={"description": "Per item, the next option up and the points it adds"},
    )
    change = ma.fields.Function(
        lambda a: services.change_of(a).change,
        allow_none=True,
        metadata={"description": "Score minus the previous assessment's (null: the first)"},
    )
    calibration = ma.fields.Function(
        lambda a: _latest_calibration(a),
        allow_none=True,
        metadata={"description": "The newest calibration by a federal consultant, if any"},
    )


def _latest_calibration(assessment):
    calibration = services.latest_calibration(assessment)
    return CalibrationSchema().dump(calibration) if calibration else None


class AssessmentCreate(ma.Schema):
    filled_on = ma.fields.Date(required=True, metadata={"description": "«Дата заполнения»"})
    filled_by = ma.fields.String(required=True, metadata={"description": "«Исполнитель»"})
    conclusion = ma.fields.String(load_default="")
    answers = Answers(required=True, metadata=ANSWERS_DOC)


class CalibrationCreate(ma.Schema):
    answers = Answers(required=True, metadata=ANSWERS_DOC)
    comment = ma.fields.String(load_default="")


class HistoryArgs(PageArgs):
    pass


EVIDENCE_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    }
}
