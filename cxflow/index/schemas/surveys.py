"""The JSON shapes of survey responses. The body is checked by the questionnaire itself
(services.questionnaire.clean), which names every bad field; this only describes it."""

import marshmallow as ma


class ResponseCreate(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE  # every field is checked by questionnaire.clean

    respondent = ma.fields.String(required=True, metadata={"enum": ["seeker", "employer"]})
    answers = ma.fields.Dict(required=True, metadata={"description": "q1 … q15 (API.md)"})
    profile = ma.fields.Dict(required=True)
    comment = ma.fields.String(load_default=None, allow_none=True)


class ResponseCreated(ma.Schema):
    id = ma.fields.Integer()
    office_id = ma.fields.Integer()
    respondent = ma.fields.Function(lambda r: r.respondent.value)
    questionnaire_version = ma.fields.Integer()
    received_on = ma.fields.Date()
