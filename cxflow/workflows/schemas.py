"""The JSON shapes of a transition request and of the transition history."""

import marshmallow as ma

from cxflow.core.api import Timestamp


class TransitionArgs(ma.Schema):
    event = ma.fields.String(required=True)
    comment = ma.fields.String(load_default="")


class HistorySchema(ma.Schema):
    """A history row with the stage names of API.md for roadmaps and the CX cycle."""

    from_stage = ma.fields.String(attribute="from_state")
    to_stage = ma.fields.String(attribute="to_state")
    event = ma.fields.String()
    actor = ma.fields.Function(lambda r: r.actor.full_name if r.actor else None)
    at = Timestamp()
    comment = ma.fields.String()
    link = ma.fields.String(
        allow_none=True,
        metadata={"description": "The page of what caused it, when another part fired it"},
    )


class TransitionRecordSchema(ma.Schema):
    """A history row with the state names of API.md for consultations and solutions."""

    from_state = ma.fields.String()
    to_state = ma.fields.String()
    event = ma.fields.String()
    actor = ma.fields.Function(lambda r: r.actor.full_name if r.actor else None)
    at = Timestamp()
    comment = ma.fields.String()
