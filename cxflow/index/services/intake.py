"""Receiving an anonymous survey response for an office (seed 002 App. 6/7, issue #15): the
public form and the public API both call `receive`. Nothing identifying is stored; what
duplicate detection needs is a keyed hash of the device that changes every day."""

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from cxflow.core.db import utcnow
from cxflow.core.extensions import db
from cxflow.index.models.surveys import Respondent, SurveyFlag, SurveyResponse
from cxflow.index.services import flags, questionnaire
from cxflow.orgs.models import Office


def device_hash(device: str, day: dt.date) -> str:
    """A keyed hash of what identifies a device (address, browser, its cookie) for one day:
    equal for the same device the same day, useless to anyone without the secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{day.isoformat()}|{device}".encode(), hashlib.sha256).hexdigest()


def answers_hash(cleaned: Mapping) -> str:
    vector = json.dumps([cleaned["answers"], cleaned["profile"]], sort_keys=True)
    return hashlib.sha256(vector.encode()).hexdigest()


def _commit_without_waiting_for_disk() -> None:
    """On PostgreSQL, this transaction's commit returns before its WAL reaches the disk
    (`synchronous_commit = off`, this transaction only; SURVEY_ASYNC_COMMIT): an answer
    acknowledged in the last fraction of a second before a database crash may be lost, which
    an anonymous survey can bear, and the intake no longer waits for a disk flush per answer
    (benchmarks/bench_survey_intake.py). The database stays consistent either way."""
    if current_app.config["SURVEY_ASYNC_COMMIT"] and db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))


def receive(
    office: Office,
    data: Mapping,
    *,
    device: str,
    shown_at: dt.datetime | None = None,
    kiosk: bool = False,
    now: dt.datetime | None = None,
) -> SurveyResponse:
    """Check and store one response (the caller commits); suspicious ones are stored flagged
    and not counted. `shown_at` is when the form was shown (signed by the page), if known."""
    survey = questionnaire.current()
    cleaned = questionnaire.clean(survey, data)
    received_at = now or utcnow()
    timezone = office.region.timezone
    received_on = received_at.astimezone(ZoneInfo(timezone)).date()
    response = SurveyResponse(
        office=office,
        region_id=office.region_id,
        respondent=Respondent(cleaned["respondent"]),
        questionnaire_key=survey.key,
        questionnaire_version=survey.version,
        answers=cleaned["answers"],
        profile=cleaned["profile"],
        comment=cleaned["comment"],
        received_at=received_at,
        received_on=received_on,
        device_hash=device_hash(device, received_on),
        answers_hash=answers_hash(cleaned),
    )
    reasons = flags.reasons(response, shown_at=shown_at, kiosk=kiosk, timezone=timezone)
    _commit_without_waiting_for_disk()
    db.session.add(response)
    if reasons:
        response.counted = False
        db.session.add(
            SurveyFlag(
                response=response, office=office, region_id=office.region_id, reasons=reasons
            )
        )
    db.session.flush()
    return response
