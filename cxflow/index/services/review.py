"""The review queue of flagged survey answers (issue #15): a reviewer (the region's coordinator,
an admin or a federal consultant) accepts a flagged response, which then counts, or rejects
it, which keeps it out. The decision, who took it, when and why stay on the flag.

A decision is final: deciding a flag again is a 409 conflict naming the earlier decision, so
the first decision is never overwritten (no history table is needed)."""

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from cxflow.core import access
from cxflow.core.access import User
from cxflow.core.db import utcnow
from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import checked_text
from cxflow.index.models.surveys import FlagStatus, SurveyFlag, SurveyResponse
from cxflow.orgs.models import Office, Region

DECISIONS = {"accept": FlagStatus.accepted, "reject": FlagStatus.rejected}
COMMENT_LIMIT = 2000

# What each rule means, in the reviewer's words (cxflow.index.services.flags).
REASON_TITLES = {
    "burst": _l("many answers from one device within a short time"),
    "identical": _l("identical answers in a row"),
    "too_fast": _l("the form was sent implausibly fast"),
    "off_hours": _l("outside the office's opening hours"),
}
STATUS_TITLES = {
    FlagStatus.pending: _l("waiting for review"),
    FlagStatus.accepted: _l("accepted"),
    FlagStatus.rejected: _l("rejected"),
}


def list_flags(
    actor: User,
    *,
    status: FlagStatus | None = None,
    region_id: int | None = None,
    region_code: str | None = None,
) -> sa.Select:
    """The flags `actor` may review, oldest first among the pending (they wait longest),
    newest decided first otherwise; office, region, response and decider load with them."""
    stmt = (
        sa.select(SurveyFlag)
        .join(SurveyFlag.office)
        .join(Office.region)
        .options(
            joinedload(SurveyFlag.response),
            joinedload(SurveyFlag.office).joinedload(Office.region),
            joinedload(SurveyFlag.decided_by),
        )
    )
    if status is not None:
        stmt = stmt.where(SurveyFlag.status == status)
    if region_id is not None:
        stmt = stmt.where(SurveyFlag.region_id == region_id)
    if region_code:
        stmt = stmt.where(Region.code == region_code)
    if status == FlagStatus.pending:
        stmt = stmt.order_by(SurveyFlag.created_at, SurveyFlag.id)
    else:
        stmt = stmt.order_by(SurveyFlag.created_at.desc(), SurveyFlag.id.desc())
    return access.scoped(stmt, SurveyFlag, actor)


def decide(actor: User, flag: SurveyFlag, decision: str, comment: str | None = "") -> SurveyFlag:
    """Accept (the response counts) or reject (it stays out) a pending flag; the caller
    commits. A flag already decided is a conflict: its decision stands."""
    access.require(actor, "surveys.review", flag.region_id)
    errors: dict = {}
    if decision not in DECISIONS:
        errors["decision"] = _l("Choose accept or reject.")
    text = checked_text(errors, "comment", comment, COMMENT_LIMIT)
    if errors:
        raise ValidationError(errors)
    if flag.status != FlagStatus.pending:
        raise ConflictError(_already_decided(flag))
    now = utcnow()
    # Only a pending flag changes: of two reviewers deciding at once, the second gets 409.
    changed = db.session.execute(
        sa.update(SurveyFlag)
        .where(SurveyFlag.id == flag.id, SurveyFlag.status == FlagStatus.pending)
        .values(status=DECISIONS[decision], decided_at=now, decided_by_id=actor.id, comment=text)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        db.session.refresh(flag)
        raise ConflictError(_already_decided(flag))
    db.session.execute(
        sa.update(SurveyResponse)
        .where(SurveyResponse.id == flag.response_id)
        .values(counted=decision == "accept")
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.refresh(flag)
    db.session.refresh(flag.response)
    return flag


def _already_decided(flag: SurveyFlag) -> str:
    decided = local_time(flag.decided_at, flag.office.region.timezone)
    return str(
        _l(
            "This answer was already reviewed (%(status)s on %(when)s); the decision stands.",
            status=STATUS_TITLES[flag.status],
            when=decided.strftime("%d.%m.%Y %H:%M") if decided else "—",
        )
    )


def local_time(moment: dt.datetime | None, timezone: str) -> dt.datetime | None:
    """A stored moment (UTC; SQLite gives it back naive) in the region's time zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(timezone))


# The coded answers of Q4, Q12 and Q13 in words; scores and channel codes stay as they are.
ANSWER_WORDS = {"yes": _l("yes"), "no": _l("no"), "dont_know": _l("don't know")}


def compact_answers(response: SurveyResponse) -> str:
    """The answers on one line, «q1 8 · q4 yes · q12 no · q13 yes/9 · q14 office · q15 9/—/—/7»;
    nothing about the device, which is never shown."""
    parts = []
    for code, value in response.answers.items():
        if code.endswith(("_other", "_issue")):
            continue
        parts.append(f"{code} {_compact(value)}")
    return " · ".join(parts)


def _compact(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict) and "used" in value:
        return f"{ANSWER_WORDS['yes']}/{value['score']}" if value["used"] else ANSWER_WORDS["no"]
    if isinstance(value, dict):
        return "/".join("—" if v is None else str(v) for v in value.values())
    return str(ANSWER_WORDS.get(value, value))
