"""The JSON shapes of roadmap templates, lines, approval and the monitoring report."""

import marshmallow as ma

from cxflow.core.api import Id
from cxflow.pilots.schemas import DIRECTIONS, KINDS
from cxflow.roadmaps import artefacts
from cxflow.roadmaps.models import ActivityKind
from cxflow.workflows.schemas import HistorySchema


class TemplateItemSchema(ma.Schema):
    number = ma.fields.String()
    completed_by = ma.fields.String(allow_none=True)
    completed_by_source = ma.fields.String()
    optional = ma.fields.Boolean()
    source = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String()
    responsible = ma.fields.String()
    result = ma.fields.String()
    deliverable_kind = ma.fields.String(allow_none=True)
    start = ma.fields.Date(allow_none=True)
    due = ma.fields.Date(allow_none=True)
    due_day = ma.fields.Function(lambda i: "{:02d}-{:02d}".format(*i.due_day) if i.due_day else "")
    ongoing = ma.fields.Boolean()


class TemplatePhaseSchema(ma.Schema):
    kind = ma.fields.String()
    start = ma.fields.Date()
    end = ma.fields.Date()


class MonitoringFormSchema(ma.Schema):
    title = ma.fields.String()
    source = ma.fields.String()
    rows = ma.fields.List(ma.fields.String())


class TemplateSchema(ma.Schema):
    key = ma.fields.String()
    version = ma.fields.Integer()
    title = ma.fields.String()
    direction = ma.fields.String()
    source = ma.fields.String()
    reference_start = ma.fields.Date(allow_none=True)
    items = ma.fields.List(ma.fields.Nested(TemplateItemSchema))
    phases = ma.fields.List(ma.fields.Nested(TemplatePhaseSchema))
    approved_by = ma.fields.List(ma.fields.String())
    approved_by_source = ma.fields.String()
    meeting_cadence_days = ma.fields.Integer(allow_none=True)
    meeting_cadence_source = ma.fields.String()
    monitoring = ma.fields.Nested(MonitoringFormSchema, allow_none=True)


class ActivitySchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    parent_id = ma.fields.Integer(allow_none=True)
    number = ma.fields.String()
    kind = ma.fields.String()
    title = ma.fields.String()
    start_date = ma.fields.Date(allow_none=True)
    duration_working_days = ma.fields.Integer(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    ongoing = ma.fields.Boolean()
    status = ma.fields.String()
    overdue = ma.fields.Boolean()
    completed_on = ma.fields.Date(allow_none=True)
    responsible = ma.fields.String()
    responsible_user_id = ma.fields.Integer(allow_none=True)
    result = ma.fields.String()
    deliverable_kind = ma.fields.String(allow_none=True)
    note = ma.fields.String()
    version = ma.fields.Integer()
    template_number = ma.fields.String(allow_none=True)
    optional = ma.fields.Boolean(
        metadata={"description": "A programme line that the typical roadmap leaves out"}
    )
    past_at_creation = ma.fields.Boolean(
        metadata={"description": "A fixed-day checkpoint already past when the roadmap was made"}
    )
    completed_by = ma.fields.String(
        allow_none=True,
        metadata={"description": "The artefact of the pilot's work that completes the line"},
    )
    artefact = ma.fields.Function(
        lambda a: (
            {"title": artefacts.title_of(a.completed_by, a.artefact_title), "path": a.artefact_path}
            if a.completed_by and a.artefact_path
            else None
        ),
        metadata={"description": "The artefact found now: {title, path}, the line's deliverable"},
    )
    done_by_cycle = ma.fields.Boolean(
        metadata={"description": "Its completion rests on the artefact (closed by the CX cycle)"}
    )
    cycle_note = ma.fields.String(metadata={"description": "Why the CX cycle reopened it"})


class ActivityCreate(ma.Schema):
    title = ma.fields.String(required=True)
    kind = ma.fields.String(
        load_default="activity", validate=ma.validate.OneOf([k.value for k in ActivityKind])
    )
    parent_id = Id(load_default=None, allow_none=True)
    start_date = ma.fields.Date(load_default=None)
    duration_working_days = ma.fields.Integer(
        load_default=None, validate=ma.validate.Range(min=1, max=2000)
    )
    due_date = ma.fields.Date(load_default=None)
    responsible = ma.fields.String(load_default="")
    result = ma.fields.String(load_default="")
    deliverable_kind = ma.fields.String(load_default=None, validate=KINDS)


class ActivityPatch(ma.Schema):
    title = ma.fields.String()
    start_date = ma.fields.Date(allow_none=True)
    duration_working_days = ma.fields.Integer(
        allow_none=True, validate=ma.validate.Range(min=1, max=2000)
    )
    due_date = ma.fields.Date(allow_none=True)
    responsible = ma.fields.String()
    responsible_user_id = Id(allow_none=True)
    result = ma.fields.String()
    note = ma.fields.String()
    deliverable_kind = ma.fields.String(allow_none=True, validate=KINDS)
    version = Id(required=True)


class MoveArgs(ma.Schema):
    how = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["up", "down", "indent", "outdent"])
    )


class RoadmapStateSchema(ma.Schema):
    status = ma.fields.String()
    allowed_events = ma.fields.List(ma.fields.String())
    blockers = ma.fields.List(ma.fields.String())
    history = ma.fields.List(ma.fields.Nested(HistorySchema))


class MonitoringSchema(ma.Schema):
    """The monitoring report in its form's layout (seed 001 App. 5): rows in the form's order
    with its «№ п/п» (`position`) and the template line (`number`); per pilot a status and
    the line's note («Примечание»)."""

    direction = ma.fields.String(allow_none=True)
    template = ma.fields.String(allow_none=True)
    title = ma.fields.String()
    source = ma.fields.String()
    regions = ma.fields.List(ma.fields.Dict())
    rows = ma.fields.List(ma.fields.Dict())


class MonitoringArgs(ma.Schema):
    direction = ma.fields.String(load_default=None, validate=DIRECTIONS)
