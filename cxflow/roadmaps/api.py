"""/api/v1: roadmap templates, pilots, activities, deliverables, the monitoring report."""

import marshmallow as ma
from flask import request

from cxflow import access
from cxflow.api.base import Blueprint, Id, PageArgs, Timestamp, api_user, list_schema, paginated
from cxflow.core.errors import ValidationError
from cxflow.extensions import db
from cxflow.roadmaps import reports, services
from cxflow.roadmaps.methodology import templates
from cxflow.roadmaps.models import Activity, ActivityKind, DeliverableKind, Direction, Pilot
from cxflow.workflows import engine
from cxflow.workflows.definitions import ROADMAP

blp = Blueprint("roadmaps_api", __name__, url_prefix="/api/v1", description="Pilots and roadmaps")

DIRECTIONS = ma.validate.OneOf([d.value for d in Direction])
KINDS = ma.validate.OneOf([k.value for k in DeliverableKind])


class TemplateItemSchema(ma.Schema):
    number = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String()
    responsible = ma.fields.String()
    result = ma.fields.String()
    deliverable_kind = ma.fields.String(allow_none=True)
    start = ma.fields.Date(allow_none=True)
    due = ma.fields.Date(allow_none=True)
    due_day = ma.fields.Function(lambda i: "{:02d}-{:02d}".format(*i.due_day) if i.due_day else "")
    ongoing = ma.fields.Boolean()


class TemplateSchema(ma.Schema):
    key = ma.fields.String()
    title = ma.fields.String()
    direction = ma.fields.String()
    source = ma.fields.String()
    reference_start = ma.fields.Date(allow_none=True)
    items = ma.fields.List(ma.fields.Nested(TemplateItemSchema))


class DeliverableSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    activity_id = ma.fields.Integer(allow_none=True)
    kind = ma.fields.String()
    title = ma.fields.String()
    url = ma.fields.String(allow_none=True)
    original_name = ma.fields.String(allow_none=True)
    content_type = ma.fields.String(allow_none=True)
    size = ma.fields.Integer(allow_none=True)
    sha256 = ma.fields.String(allow_none=True)
    author_id = ma.fields.Integer(allow_none=True)
    created_at = Timestamp()


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


class PhaseSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(services.PHASES))
    start_date = ma.fields.Date(required=True)
    end_date = ma.fields.Date(required=True)


class PilotSchema(ma.Schema):
    id = ma.fields.Integer()
    region_id = ma.fields.Integer()
    region_code = ma.fields.Function(lambda p: p.region.code)
    direction = ma.fields.String()
    title = ma.fields.String()
    template = ma.fields.String(attribute="template_key", allow_none=True)
    start_date = ma.fields.Date()
    end_date = ma.fields.Date(allow_none=True)
    target_group = ma.fields.String()
    service = ma.fields.String()
    order_number = ma.fields.String()
    order_date = ma.fields.Date(allow_none=True)
    stage = ma.fields.String()
    roadmap_status = ma.fields.String()
    phases = ma.fields.List(ma.fields.Nested(PhaseSchema))
    office_ids = ma.fields.Function(lambda p: [o.id for o in p.offices])
    version = ma.fields.Integer()


class PilotDetailSchema(PilotSchema):
    activities = ma.fields.Function(lambda p: ActivitySchema(many=True).dump(_activity_rows(p)))


class PilotCreate(ma.Schema):
    region_id = Id(required=True)
    direction = ma.fields.String(required=True, validate=DIRECTIONS)
    title = ma.fields.String(required=True)
    template = ma.fields.String(load_default=None, validate=ma.validate.OneOf(sorted(templates())))
    start_date = ma.fields.Date(required=True)
    end_date = ma.fields.Date(load_default=None)


class PilotPatch(ma.Schema):
    title = ma.fields.String()
    target_group = ma.fields.String()
    service = ma.fields.String()
    end_date = ma.fields.Date(allow_none=True)
    order_number = ma.fields.String()
    order_date = ma.fields.Date(allow_none=True)
    results_remarks = ma.fields.String()
    results_effects = ma.fields.String()
    office_ids = ma.fields.List(Id())
    phases = ma.fields.List(ma.fields.Nested(PhaseSchema))
    version = Id(required=True)


class PilotFilter(PageArgs):
    region_code = ma.fields.String()
    direction = ma.fields.String(validate=DIRECTIONS)


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


class TransitionArgs(ma.Schema):
    event = ma.fields.String(required=True)
    comment = ma.fields.String(load_default="")


class DeliverableIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=KINDS)
    title = ma.fields.String(load_default="")
    url = ma.fields.String(load_default=None)


class HistorySchema(ma.Schema):
    from_stage = ma.fields.String(attribute="from_state")
    to_stage = ma.fields.String(attribute="to_state")
    event = ma.fields.String()
    actor = ma.fields.Function(lambda r: r.actor.full_name if r.actor else None)
    at = Timestamp()
    comment = ma.fields.String()


class RoadmapStateSchema(ma.Schema):
    status = ma.fields.String()
    allowed_events = ma.fields.List(ma.fields.String())
    blockers = ma.fields.List(ma.fields.String())
    history = ma.fields.List(ma.fields.Nested(HistorySchema))


class MonitoringSchema(ma.Schema):
    direction = ma.fields.String(allow_none=True)
    template = ma.fields.String(allow_none=True)
    regions = ma.fields.List(ma.fields.Dict())
    rows = ma.fields.List(ma.fields.Dict())


class MonitoringArgs(ma.Schema):
    direction = ma.fields.String(load_default=None, validate=DIRECTIONS)


def _activity_rows(pilot: Pilot) -> list[Activity]:
    return services.flagged(services.roadmap(pilot))


def _pilot(pilot_id: int) -> Pilot:
    return access.get_or_404(Pilot, pilot_id, api_user())


def _activity(activity_id: int) -> Activity:
    activity = access.get_or_404(Activity, activity_id, api_user())
    activity.overdue = services.is_overdue(activity)
    return activity


@blp.route("/roadmap-templates")
@blp.response(200, list_schema(TemplateSchema))
def list_templates():
    items = list(templates().values())
    return {"items": items, "total": len(items)}


@blp.route("/pilots")
@blp.arguments(PilotFilter, location="query")
@blp.response(200, list_schema(PilotSchema))
def list_pilots(args):
    stmt = services.list_pilots(api_user(), args.get("direction"), args.get("region_code"))
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/pilots", methods=["POST"])
@blp.arguments(PilotCreate)
@blp.response(201, PilotDetailSchema)
def create_pilot(data):
    pilot = services.create_pilot(api_user(), **data)
    db.session.commit()
    return pilot


@blp.route("/pilots/<int:pilot_id>")
@blp.response(200, PilotDetailSchema)
def get_pilot(pilot_id):
    return _pilot(pilot_id)


@blp.route("/pilots/<int:pilot_id>", methods=["PATCH"])
@blp.arguments(PilotPatch)
@blp.response(200, PilotDetailSchema)
def update_pilot(data, pilot_id):
    pilot = _pilot(pilot_id)
    version = data.pop("version")
    services.update_pilot(api_user(), pilot, data, version)
    db.session.commit()
    return pilot


@blp.route("/pilots/<int:pilot_id>/activities")
@blp.response(200, list_schema(ActivitySchema))
def list_activities(pilot_id):
    rows = _activity_rows(_pilot(pilot_id))
    return {"items": rows, "total": len(rows)}


@blp.route("/pilots/<int:pilot_id>/activities", methods=["POST"])
@blp.arguments(ActivityCreate)
@blp.response(201, ActivitySchema)
def create_activity(data, pilot_id):
    pilot = _pilot(pilot_id)
    parent_id = data.pop("parent_id")
    parent = access.get_or_404(Activity, parent_id, api_user()) if parent_id else None
    activity = services.add_activity(api_user(), pilot, data, parent)
    db.session.commit()
    return _activity(activity.id)


@blp.route("/activities/<int:activity_id>", methods=["PATCH"])
@blp.arguments(ActivityPatch)
@blp.response(200, ActivitySchema)
def update_activity(data, activity_id):
    activity = access.get_or_404(Activity, activity_id, api_user())
    version = data.pop("version")
    services.update_activity(api_user(), activity, data, version)
    db.session.commit()
    return _activity(activity_id)


@blp.route("/activities/<int:activity_id>", methods=["DELETE"])
@blp.response(204)
def delete_activity(activity_id):
    services.delete_activity(api_user(), access.get_or_404(Activity, activity_id, api_user()))
    db.session.commit()


@blp.route("/activities/<int:activity_id>/move", methods=["POST"])
@blp.arguments(MoveArgs)
@blp.response(200, ActivitySchema)
def move_activity(args, activity_id):
    activity = access.get_or_404(Activity, activity_id, api_user())
    services.move_activity(api_user(), activity, args["how"])
    db.session.commit()
    return _activity(activity_id)


@blp.route("/activities/<int:activity_id>/transitions", methods=["POST"])
@blp.arguments(TransitionArgs)
@blp.response(200, ActivitySchema)
def activity_transition(args, activity_id):
    activity = access.get_or_404(Activity, activity_id, api_user())
    services.fire_activity(api_user(), activity, args["event"], args["comment"])
    db.session.commit()
    return _activity(activity_id)


@blp.route("/pilots/<int:pilot_id>/roadmap")
@blp.response(200, RoadmapStateSchema)
def roadmap_state(pilot_id):
    pilot = _pilot(pilot_id)
    return {
        "status": pilot.roadmap_status,
        "allowed_events": engine.allowed_events(ROADMAP, pilot.roadmap_status),
        "blockers": engine.blockers(ROADMAP, pilot, "approve"),
        "history": engine.history(ROADMAP, pilot.id),
    }


@blp.route("/pilots/<int:pilot_id>/roadmap/transitions", methods=["POST"])
@blp.arguments(TransitionArgs)
@blp.response(200, PilotSchema)
def roadmap_transition(args, pilot_id):
    pilot = _pilot(pilot_id)
    services.fire_roadmap(api_user(), pilot, args["event"], args["comment"])
    db.session.commit()
    return pilot


def _deliverable_input() -> tuple[dict, object]:
    """JSON {kind, title, url} or multipart `file` + `kind` (+ `title`)."""
    upload = request.files.get("file")
    raw = (
        request.form.to_dict()
        if request.mimetype == "multipart/form-data"
        else (request.get_json(silent=True) or {})
    )
    try:
        return DeliverableIn().load(raw, unknown=ma.EXCLUDE), upload
    except ma.ValidationError as exc:
        raise ValidationError(exc.messages) from None


DELIVERABLE_BODY = {
    "content": {
        "application/json": {"schema": DeliverableIn},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "kind"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "kind": {"type": "string", "enum": [k.value for k in DeliverableKind]},
                    "title": {"type": "string"},
                },
            }
        },
    }
}


@blp.route("/pilots/<int:pilot_id>/deliverables", methods=["POST"])
@blp.doc(requestBody=DELIVERABLE_BODY)
@blp.response(201, DeliverableSchema)
def add_pilot_deliverable(pilot_id):
    data, upload = _deliverable_input()
    deliverable = services.add_deliverable(api_user(), _pilot(pilot_id), upload=upload, **data)
    db.session.commit()
    return deliverable


@blp.route("/activities/<int:activity_id>/deliverables", methods=["POST"])
@blp.doc(requestBody=DELIVERABLE_BODY)
@blp.response(201, DeliverableSchema)
def add_activity_deliverable(activity_id):
    activity = access.get_or_404(Activity, activity_id, api_user())
    data, upload = _deliverable_input()
    deliverable = services.add_deliverable(
        api_user(), activity.pilot, upload=upload, activity=activity, **data
    )
    db.session.commit()
    return deliverable


@blp.route("/pilots/<int:pilot_id>/deliverables")
@blp.response(200, list_schema(DeliverableSchema))
def list_deliverables(pilot_id):
    items = services.pilot_deliverables(_pilot(pilot_id))
    return {"items": items, "total": len(items)}


@blp.route("/reports/monitoring")
@blp.arguments(MonitoringArgs, location="query")
@blp.response(200, MonitoringSchema)
def monitoring(args):
    report = reports.monitoring_report(api_user(), args["direction"])
    return {
        "direction": report.direction,
        "template": report.template_key,
        "regions": [
            {"pilot_id": p.id, "region_code": p.region.code, "region": p.region.name}
            for p in report.pilots
        ],
        "rows": [
            {
                "number": r.number,
                "title": r.title,
                "result": r.result,
                "statuses": {str(k): v for k, v in r.statuses.items()},
            }
            for r in report.rows
        ],
    }
