"""/api/v1: roadmap templates, pilots, activities, deliverables, the monitoring report."""

import marshmallow as ma
from flask import request

from cxflow.core.api import Blueprint, api_user, list_schema, paginated
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.pilots import services as pilots
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.models import DeliverableKind, Pilot
from cxflow.pilots.schemas import (
    DeliverableIn,
    DeliverableSchema,
    PilotCreate,
    PilotFilter,
    PilotPatch,
    PilotSchema,
)
from cxflow.roadmaps import reports, services
from cxflow.roadmaps.access import load_activity_or_404
from cxflow.roadmaps.methodology import templates
from cxflow.roadmaps.models import Activity
from cxflow.roadmaps.schemas import (
    ActivityCreate,
    ActivityPatch,
    ActivitySchema,
    MonitoringArgs,
    MonitoringSchema,
    MoveArgs,
    RoadmapStateSchema,
    TemplateSchema,
)
from cxflow.workflows import engine
from cxflow.workflows.definitions import ACTIVITY, ROADMAP
from cxflow.workflows.schemas import HistorySchema, TransitionArgs

blp = Blueprint("roadmaps_api", __name__, url_prefix="/api/v1", description="Pilots and roadmaps")


def _activity_rows(pilot: Pilot) -> list[Activity]:
    return services.flagged(services.roadmap(pilot))


class PilotDetailSchema(PilotSchema):
    activities = ma.fields.Function(lambda p: ActivitySchema(many=True).dump(_activity_rows(p)))


def _flagged(activity: Activity) -> Activity:
    """The line with its `overdue` flag, as ActivitySchema shows it."""
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
    stmt = pilots.list_pilots(api_user(), args.get("direction"), args.get("region_code"))
    return paginated(stmt, args["page"], args["per_page"])


@blp.route("/pilots", methods=["POST"])
@blp.arguments(PilotCreate)
@blp.response(201, PilotDetailSchema)
def create_pilot(data):
    pilot = pilots.create_pilot(api_user(), **data)
    db.session.commit()
    return pilot


@blp.route("/pilots/<int:pilot_id>")
@blp.response(200, PilotDetailSchema)
def get_pilot(pilot_id):
    return load_pilot_or_404(pilot_id, api_user())


@blp.route("/pilots/<int:pilot_id>", methods=["PATCH"])
@blp.arguments(PilotPatch)
@blp.response(200, PilotDetailSchema)
def update_pilot(data, pilot_id):
    pilot = load_pilot_or_404(pilot_id, api_user())
    version = data.pop("version")
    pilots.update_pilot(api_user(), pilot, data, version)
    db.session.commit()
    return pilot


@blp.route("/pilots/<int:pilot_id>/activities")
@blp.response(200, list_schema(ActivitySchema))
def list_activities(pilot_id):
    rows = _activity_rows(load_pilot_or_404(pilot_id, api_user()))
    return {"items": rows, "total": len(rows)}


@blp.route("/pilots/<int:pilot_id>/activities", methods=["POST"])
@blp.arguments(ActivityCreate)
@blp.response(201, ActivitySchema)
def create_activity(data, pilot_id):
    pilot = load_pilot_or_404(pilot_id, api_user())
    parent_id = data.pop("parent_id")
    parent = load_activity_or_404(parent_id, api_user()) if parent_id else None
    activity = services.add_activity(api_user(), pilot, data, parent)
    db.session.commit()
    return _flagged(activity)


@blp.route("/activities/<int:activity_id>", methods=["PATCH"])
@blp.arguments(ActivityPatch)
@blp.response(200, ActivitySchema)
def update_activity(data, activity_id):
    activity = load_activity_or_404(activity_id, api_user())
    version = data.pop("version")
    services.update_activity(api_user(), activity, data, version)
    db.session.commit()
    return _flagged(activity)


@blp.route("/activities/<int:activity_id>", methods=["DELETE"])
@blp.response(204)
def delete_activity(activity_id):
    services.delete_activity(api_user(), load_activity_or_404(activity_id, api_user()))
    db.session.commit()


@blp.route("/activities/<int:activity_id>/move", methods=["POST"])
@blp.arguments(MoveArgs)
@blp.response(200, ActivitySchema)
def move_activity(args, activity_id):
    activity = load_activity_or_404(activity_id, api_user())
    services.move_activity(api_user(), activity, args["how"])
    db.session.commit()
    return _flagged(activity)


@blp.route("/activities/<int:activity_id>/transitions", methods=["POST"])
@blp.arguments(TransitionArgs)
@blp.response(200, ActivitySchema)
def activity_transition(args, activity_id):
    activity = load_activity_or_404(activity_id, api_user())
    services.fire_activity(api_user(), activity, args["event"], args["comment"])
    db.session.commit()
    return _flagged(activity)


@blp.route("/activities/<int:activity_id>/history")
@blp.response(200, list_schema(HistorySchema))
def activity_history(activity_id):
    """Who moved the line when, and why; a line closed or reopened by the CX cycle links to
    what closed it (`link`)."""
    activity = load_activity_or_404(activity_id, api_user())
    items = engine.history(ACTIVITY, activity.id)
    return {"items": items, "total": len(items)}


@blp.route("/pilots/<int:pilot_id>/roadmap")
@blp.response(200, RoadmapStateSchema)
def roadmap_state(pilot_id):
    pilot = load_pilot_or_404(pilot_id, api_user())
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
    pilot = load_pilot_or_404(pilot_id, api_user())
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
    deliverable = pilots.add_deliverable(
        api_user(), load_pilot_or_404(pilot_id, api_user()), upload=upload, **data
    )
    db.session.commit()
    return deliverable


@blp.route("/activities/<int:activity_id>/deliverables", methods=["POST"])
@blp.doc(requestBody=DELIVERABLE_BODY)
@blp.response(201, DeliverableSchema)
def add_activity_deliverable(activity_id):
    activity = load_activity_or_404(activity_id, api_user())
    data, upload = _deliverable_input()
    deliverable = pilots.add_deliverable(
        api_user(), activity.pilot, upload=upload, activity=activity, **data
    )
    db.session.commit()
    return deliverable


@blp.route("/pilots/<int:pilot_id>/deliverables")
@blp.response(200, list_schema(DeliverableSchema))
def list_deliverables(pilot_id):
    items = pilots.pilot_deliverables(load_pilot_or_404(pilot_id, api_user()))
    return {"items": items, "total": len(items)}


@blp.route("/reports/monitoring")
@blp.arguments(MonitoringArgs, location="query")
@blp.response(200, MonitoringSchema)
def monitoring(args):
    report = reports.monitoring_report(api_user(), args["direction"])
    return {
        "direction": report.direction,
        "template": report.template_key,
        "title": report.title,
        "source": report.source,
        "regions": [
            {"pilot_id": p.id, "region_code": p.region.code, "region": p.region.name}
            for p in report.pilots
        ],
        "rows": [
            {
                "position": r.position,
                "number": r.number,
                "title": r.title,
                "result": r.result,
                "statuses": {str(k): v for k, v in r.statuses.items()},
                "notes": {str(k): v for k, v in r.notes.items()},
            }
            for r in report.rows
        ],
    }
