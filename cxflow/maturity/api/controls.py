"""/api/v1: the maturity matrix, a region's controls and level, control transitions and the
zone of nearest development (API.md "Maturity")."""

import marshmallow as ma
from flask import abort, request

from cxflow.core.api import api_user
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.maturity.access import load_region_or_404
from cxflow.maturity.api.blueprint import blp
from cxflow.maturity.control_schemas import (
    ControlOutSchema,
    ControlTransitionArgs,
    MatrixSchema,
    MaturitySchema,
    NextStepListSchema,
    NextStepsArgs,
)
from cxflow.maturity.services import controls, levels, next_steps
from cxflow.maturity.services.matrix import matrix


def maturity_body(snap: levels.Snapshot, row) -> dict:
    """GET /regions/{id}/maturity: the level, the controls, what the next level needs and
    when levels were reached and lost."""
    next_level = snap.next_level
    return {
        "region_id": snap.region.id,
        "level": snap.level,
        "matrix": f"{snap.matrix.key} v{snap.matrix.version}",
        "controls": snap.rows,
        "next_level": (
            {"level": next_level, "missing": snap.missing(next_level)} if next_level else None
        ),
        "history": levels.level_history(row),
    }


@blp.route("/maturity/activities")
@blp.response(200, MatrixSchema)
def list_activities():
    """The level matrix of seed 004 §1: 19 activities (sub-items 14.1–14.5 with their own
    levels), per scope and level."""
    return matrix()


@blp.route("/regions/<int:region_id>/maturity")
@blp.response(200, MaturitySchema)
def region_maturity(region_id):
    """The region's level 0–IV computed now (a change observed is recorded), its controls with
    measured values and their sources, and what the next level needs."""
    region = load_region_or_404(region_id, api_user(), "maturity.view")
    snap, row, changed = levels.observe(api_user(), region)
    if changed:
        db.session.commit()
    return maturity_body(snap, row)


TRANSITION_BODY = {
    "content": {
        "application/json": {"schema": ControlTransitionArgs},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["event", "version"],
                "properties": {
                    "event": {"type": "string"},
                    "version": {"type": "integer"},
                    "comment": {"type": "string"},
                    "office_id": {"type": "integer"},
                    "evidence_url": {"type": "string"},
                    "evidence_file": {"type": "string", "format": "binary"},
                },
            }
        },
    }
}


def _transition_input() -> tuple[dict, object]:
    """JSON, or multipart with an `evidence_file`."""
    multipart = request.mimetype == "multipart/form-data"
    raw = request.form.to_dict() if multipart else request.get_json(silent=True)
    if not isinstance(raw, dict):
        abort(400)  # API.md: a malformed body is a 400
    try:
        data = ControlTransitionArgs().load(raw, unknown=ma.EXCLUDE)
    except ma.ValidationError as exc:
        raise ValidationError(exc.messages) from None
    return data, request.files.get("evidence_file") if multipart else None


@blp.route("/regions/<int:region_id>/maturity/controls/<number>/transitions", methods=["POST"])
@blp.doc(requestBody=TRANSITION_BODY)
@blp.response(200, ControlOutSchema)
def control_transition(region_id, number):
    """Move a control (`develop`, `operate` with `evidence_url` or an `evidence_file`,
    `step_back` with a `comment`); `office_id` for an office's control; `version` as read
    (0 for a control never moved). 409 with `error.blockers` when a guard refuses."""
    region = load_region_or_404(region_id, api_user(), "maturity.view")
    data, upload = _transition_input()
    control = controls.fire_control(
        api_user(),
        region,
        number,
        data["event"],
        version=data["version"],
        comment=data["comment"],
        office_id=data["office_id"],
        evidence_url=data["evidence_url"],
        evidence_file=upload,
    )
    db.session.commit()
    return control


@blp.route("/regions/<int:region_id>/maturity/next-steps")
@blp.response(200, NextStepListSchema)
def list_next_steps(region_id):
    region = load_region_or_404(region_id, api_user(), "maturity.view")
    items = next_steps.steps(region)
    return {"items": items, "total": len(items)}


@blp.route("/regions/<int:region_id>/maturity/next-steps", methods=["POST"])
@blp.arguments(NextStepsArgs)
@blp.response(201, NextStepListSchema)
def add_next_steps(data, region_id):
    """Add checkpoints for the given activities to the region's `cx-system` roadmap (the pilot
    is created when missing); on an approved roadmap they are recorded as proposed changes."""
    region = load_region_or_404(region_id, api_user(), "maturity.view")
    items = next_steps.add_next_steps(api_user(), region, data["activities"])
    db.session.commit()
    return {"items": items, "total": len(items)}


@blp.route("/regions/<int:region_id>/maturity/next-steps/apply", methods=["POST"])
@blp.response(200, NextStepListSchema)
def apply_next_steps(region_id):
    """Add the proposed changes to the roadmap once it is back in draft."""
    region = load_region_or_404(region_id, api_user(), "maturity.view")
    items = next_steps.apply_proposed(api_user(), region)
    db.session.commit()
    return {"items": items, "total": len(items)}
