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
    latest = _latest_from_device(
        response, max(config["SURVEY_BURST_COUNT"], config["SURVEY_IDENTICAL_RUN"] - 1, 1)
    )
    found = []
    if _burst(response, latest, config["SURVEY_BURST_COUNT"], config["SURVEY_BURST_MINUTES"]):
        found.append("burst")
    if _identical_run(response, latest, config["SURVEY_IDENTICAL_RUN"]):
        found.append("identical")
    if shown_at is not None and response.received_at - shown_at < dt.timedelta(
        seconds=config["SURVEY_MIN_SECONDS"]
    ):
        found.append("too_fast")
    if kiosk and _off_hours(response, timezone):
        found.append("off_hours")
    return found


def _latest_from_device(response: SurveyResponse, limit: int) -> list[tuple[dt.datetime, str]]:
    """(received_at, answers_hash) of the device's `limit` latest responses, newest first:
    one query on the index (device_hash, received_at) serves both device rules, which keeps
    the intake fast (benchmarks/bench_survey_intake.py)."""
    stmt = (
        sa.select(SurveyResponse.received_at, SurveyResponse.answers_hash)
        .where(SurveyResponse.device_hash == response.device_hash)
        .order_by(SurveyResponse.received_at.desc(), SurveyResponse.id.desc())
        .limit(limit)
    )
    return [(_aware(at), answers) for at, answers in db.session.execute(stmt)]


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment  # SQLite: naive


def _burst(response: SurveyResponse, latest: list, count: int, minutes: int) -> bool:
    """At least `count` answers from the device within `minutes` before this one: the
    latest `count` rows are enough to tell."""
    since = _aware(response.received_at) - dt.timedelta(minutes=minutes)
    return sum(at >= since for at, _hash in latest[:count]) >= count


def _identical_run(response: SurveyResponse, latest: list, run: int) -> bool:
    """The device's last `run - 1` responses carry exactly these answers too."""
    if run < 2:
        return False
    previous = [answers for _at, answers in latest[: run - 1]]
    return len(previous) == run - 1 and all(h == response.answers_hash for h in previous)


def _off_hours(response: SurveyResponse, timezone: str) -> bool:
    hours = opening_hours.parse(response.office.opening_hours)
    local = response.received_at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    return bool(hours) and not opening_hours.is_open(hours, local)
