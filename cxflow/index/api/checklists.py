"""/api/v1: an office's objective checklists (seed 002 App. 8): the chosen indicators with
what is filled, one checklist, and its replacement by a PUT (JSON, or multipart with evidence
files), scored on save under the period's methodology version."""

import json

import marshmallow as ma
from flask import abort, request, send_file
from flask_babel import lazy_gettext as _l

from cxflow.core import files
from cxflow.core.api import api_user
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.access import load_checklist_item_or_404, load_office_or_404
from cxflow.index.api.blueprint import blp
from cxflow.index.schemas.checklists import (
    CHECKLIST_BODY,
    OfficeChecklistBody,
    OfficeChecklistList,
    OfficeChecklistSchema,
)
from cxflow.index.schemas.periods import IndexPeriodDates
from cxflow.index.services import checklists, filling

FILE_FIELD = "items.{n}.evidence_file"


@blp.route("/offices/<int:office_id>/checklists")
@blp.arguments(IndexPeriodDates, location="query")
@blp.response(200, OfficeChecklistList)
def office_checklists(args, office_id):
    """The indicators the region chose for the period, each with this office's checklist
    state; a managing-office indicator is `applies: false` at the other offices."""
    office = load_office_or_404(office_id, api_user(), "index.view")
    period = filling.period_of_dates(office, args["period_start"], args["period_end"])
    items = filling.office_checklists(office, period)
    return {"office_id": office.id, "period_id": period.id, "items": items, "total": len(items)}


@blp.route("/offices/<int:office_id>/checklists/<indicator_key>")
@blp.arguments(IndexPeriodDates, location="query")
@blp.response(200, OfficeChecklistSchema)
def get_checklist(args, office_id, indicator_key):
    """The office's checklist; 404 when not filled yet, 422 naming `indicator_key` when the
    methodology has no such objective indicator or the region did not choose it."""
    office = load_office_or_404(office_id, api_user(), "index.view")
    period = filling.period_of_dates(office, args["period_start"], args["period_end"])
    checklists.check_indicator(office, period, indicator_key)
    found = filling.checklist_with_items(office, period, indicator_key)
    if found is None:
        abort(404, "The checklist is not filled yet.")
    return found


def _body() -> tuple[dict, dict]:
    """JSON, or multipart: the JSON as `payload` and files `items.N.evidence_file`."""
    multipart = request.mimetype == "multipart/form-data"
    if multipart:
        try:
            raw = json.loads(request.form.get("payload", ""))
        except ValueError:
            raise ValidationError({"payload": _l("The payload is not JSON.")}) from None
    else:
        raw = request.get_json(silent=True)
    if not isinstance(raw, dict):
        abort(400)  # API.md: a malformed body is a 400
    try:
        data = OfficeChecklistBody().load(raw)
    except ma.ValidationError as exc:
        raise ValidationError(exc.messages) from None
    uploads = {}
    for name, upload in request.files.items(multi=True) if multipart else ():
        parts = name.split(".")
        if (
            len(parts) != 3
            or parts[0] != "items"
            or not parts[1].isdigit()
            or parts[2] != ("evidence_file")
        ):
            raise ValidationError({name: _l("Files go in items.N.evidence_file.")})
        uploads[int(parts[1])] = upload
    return data, uploads


@blp.route("/offices/<int:office_id>/checklists/<indicator_key>", methods=["PUT"])
@blp.doc(requestBody=CHECKLIST_BODY)
@blp.response(200, OfficeChecklistSchema)
def put_checklist(office_id, indicator_key):
    """Create or replace the checklist of the period with these dates (the region must have
    chosen the indicator for it). Bad input is a 422 naming the field (`indicator_key`,
    `period_end`, `items.N.code`, `items.N.evidence_url`, `items.N.evidence_file`,
    `values.previous` …) and nothing is stored; `version` older than the checklist's: 409."""
    office = load_office_or_404(office_id, api_user(), "index.fill")
    data, uploads = _body()
    period = filling.period_of_dates(office, data["period_start"], data["period_end"])
    errors: dict = {}
    items = checklists.parse_items(data["items"], errors)
    for n, upload in uploads.items():
        if n >= len(items):
            errors[FILE_FIELD.format(n=n)] = _l("No item %(n)s to attach the file to.", n=n)
        elif upload.filename:
            items[n].upload = upload
    if errors:
        checklists.check_indicator(office, period, indicator_key)  # the key is named first
        raise ValidationError(errors)
    checklist = checklists.save(
        office, period, indicator_key, items, data["values"], api_user(), data["version"]
    )
    db.session.commit()
    return checklist


@blp.route("/index/evidence/<int:item_id>")
def checklist_evidence(item_id):
    """An evidence file, to staff of its region and the federal centre."""
    item = load_checklist_item_or_404(item_id, api_user())
    if not item.evidence_key:
        abort(404)
    return send_file(
        files.path_of(item.evidence_key),
        mimetype=item.evidence_type,
        as_attachment=True,
        download_name=item.evidence_name,
    )
