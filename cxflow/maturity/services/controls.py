"""Moving a control of the maturity matrix: `not_started → in_development → operating`, with
evidence (a link or a file) to operate and a reason to step back (seed 004 §1; issue #14).
Every move is a recorded transition of the `maturity_control` workflow and recomputes the
region's level."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound

from cxflow.core import access, files
from cxflow.core.db import check_version
from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import row_or_none
from cxflow.maturity.models.controls import MaturityControl
from cxflow.maturity.services import levels
from cxflow.maturity.services.matrix import Activity, document, matrix
from cxflow.orgs.models import Office, Region
from cxflow.workflows import engine
from cxflow.workflows.definitions import MATURITY_CONTROL

MAX_URL = 2000


@engine.guard("maturity_control", "operate")
def evidence_blockers(control: MaturityControl) -> list[str]:
    """A control operates only with evidence: a document link or an uploaded file."""
    if control.has_evidence:
        return []
    return [str(_l("attach evidence: a link (https:// or http://) or a file"))]


def activity_or_404(number: str) -> Activity:
    activity = matrix().by_number.get(number)
    if activity is None:
        raise NotFound()
    return activity


def _place(region: Region, activity: Activity, office_id) -> Office | None:
    """The office a control belongs to, checked against the matrix and the region."""
    if office_id in (None, "", 0):
        if not activity.has_scope("region"):
            raise ValidationError(
                {"office_id": _l("The matrix sets this activity per office: choose an office.")}
            )
        return None
    office = row_or_none(Office, office_id)  # an id no row can have finds nothing
    if office is None or office.region_id != region.id:
        raise ValidationError({"office_id": _l("Choose an office of the region.")})
    if not activity.has_scope("office"):
        raise ValidationError(
            {"office_id": _l("The matrix sets this activity for the region, not per office.")}
        )
    return office


def find_control(region: Region, number: str, office: Office | None) -> MaturityControl | None:
    return db.session.scalar(
        sa.select(MaturityControl).where(
            MaturityControl.region_id == region.id,
            MaturityControl.number == number,
            MaturityControl.office_key == (office.id if office else 0),
        )
    )


def _new_control(region: Region, number: str, office: Office | None) -> MaturityControl:
    current = document()
    control = MaturityControl(
        region_id=region.id,
        number=number,
        office_id=office.id if office else None,
        office_key=office.id if office else 0,
        matrix_key=current.key,
        matrix_version=current.version,
    )
    db.session.add(control)
    db.session.flush()
    return control


def _attach_evidence(control: MaturityControl, url: str, upload) -> str:
    """Store the evidence sent with `operate`; returns how the history names it."""
    url = (url or "").strip()
    if url and (not url.startswith(("https://", "http://")) or len(url) > MAX_URL):
        raise ValidationError({"evidence_url": _l("A link starts with https:// or http://.")})
    if upload is not None and getattr(upload, "filename", ""):
        stored = files.save(upload.stream, upload.filename or "", field="evidence_file")
        control.evidence_file_key, control.evidence_name = stored.key, stored.original_name
        control.evidence_content_type, control.evidence_size = stored.content_type, stored.size
        control.evidence_sha256 = stored.sha256
        control.evidence_url = url or None
        return stored.original_name
    if url:
        control.evidence_url = url
        control.evidence_file_key = control.evidence_name = None
        control.evidence_content_type = control.evidence_size = control.evidence_sha256 = None
        return url
    return ""


def _clear_evidence(control: MaturityControl) -> None:
    control.evidence_url = control.evidence_file_key = control.evidence_name = None
    control.evidence_content_type = control.evidence_size = control.evidence_sha256 = None


def fire_control(
    actor,
    region: Region,
    number: str,
    event: str,
    *,
    version: int | None,
    comment: str = "",
    office_id: int | None = None,
    evidence_url: str = "",
    evidence_file=None,
) -> MaturityControl:
    """Move one control; `version` is the one read (0 for a control never moved). Operating
    needs evidence sent now; stepping back from operating drops the old evidence, so operating
    again needs new evidence. Flushes; the caller commits (or rolls back on an error)."""
    access.require(actor, MATURITY_CONTROL.permission, region.id)
    activity = activity_or_404(number)
    if event not in {t["trigger"] for t in MATURITY_CONTROL.transitions}:
        raise ValidationError({"event": _l("Unknown event.")})
    office = _place(region, activity, office_id)
    if office is None and not activity.is_manual("region"):
        raise ConflictError(
            str(_l("This control is read from cxflow's data, not moved by hand.")),
            allowed_events=[],
            blockers=[],
        )
    control = find_control(region, number, office)
    if control is None:
        if version != 0:
            raise ConflictError(current_version=0)
        control = _new_control(region, number, office)
    else:
        check_version(control, version)
    evidence = _attach_evidence(control, evidence_url, evidence_file) if event == "operate" else ""
    if evidence:
        comment = "; ".join(
            filter(None, [comment, str(_l("Evidence: %(evidence)s", evidence=evidence))])
        )
    was = control.status
    engine.fire(MATURITY_CONTROL, control, event, actor, comment)
    if event == "step_back" and was == "operating":
        _clear_evidence(control)
    db.session.flush()
    levels.record_level(actor, region)
    return control


def control_history(control: MaturityControl | None):
    return engine.history(MATURITY_CONTROL, control.id) if control is not None else []
