"""Rules that flag a suspicious survey response (issue #15). A flag keeps a response out of
counts until a reviewer decides; nothing is dropped. Each rule is a setting whose default
leaves ordinary kiosk use (one client after another at a shared device) alone."""

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from cxflow.core.extensions import db
from cxflow.index.models.surveys import SurveyResponse
from cxflow.orgs import opening_hours


def reasons(
    response: SurveyResponse, *, shown_at: dt.datetime | None, kiosk: bool, timezone: str
) -> list[str]:
    """Why `response` (not yet added) looks suspicious; empty when it does not."""
    config = current_app.config
    found = []
    if (
        _recent_from_device(response, config["SURVEY_BURST_MINUTES"])
        >= config["SURVEY_BURST_COUNT"]
    ):
        found.append("burst")
    if _identical_run(response, config["SURVEY_IDENTICAL_RUN"]):
        found.append("identical")
    if shown_at is not None and response.received_at - shown_at < dt.timedelta(
        seconds=config["SURVEY_MIN_SECONDS"]
    ):
        found.append("too_fast")
    if kiosk and _off_hours(response, timezone):
        found.append("off_hours")
    return found


def _recent_from_device(response: SurveyResponse, minutes: int) -> int:
    since = response.received_at - dt.timedelta(minutes=minutes)
    stmt = sa.select(sa.func.count()).where(
        SurveyResponse.device_hash == response.device_hash, SurveyResponse.received_at >= since
    )
    return db.session.scalar(stmt)


def _identical_run(response: SurveyResponse, run: int) -> bool:
    """The device's last `run - 1` responses carry exactly these answers too."""
    if run < 2:
        return False
    stmt = (
        sa.select(SurveyResponse.answers_hash)
        .where(SurveyResponse.device_hash == response.device_hash)
        .order_by(SurveyResponse.received_at.desc(), SurveyResponse.id.desc())
        .limit(run - 1)
    )
    previous = list(db.session.scalars(stmt))
    return len(previous) == run - 1 and all(h == response.answers_hash for h in previous)


def _off_hours(response: SurveyResponse, timezone: str) -> bool:
    hours = opening_hours.parse(response.office.opening_hours)
    local = response.received_at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    return bool(hours) and not opening_hours.is_open(hours, local)
