"""Demo survey answers (seed 002 App. 6/7) for every demo office over the last four weeks.

Region 52 gets the 2022 pilot's quota per office, 80 job seekers and 20 employers (seed 002
App. 5, L1665: 80 + 20 in each ЦЗН of Nizhny Novgorod); the other regions fewer, as most of
their reports state less or nothing (L1481–L1826). Scores lean high, as the
pilot's averages did (§9, L1059–1080). A handful of region 52's answers are flagged and wait
for review, so the review queue has something to show. A fixed random seed makes every load
the same; rows go in with one bulk insert per table.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.index.models.surveys import Respondent, SurveyFlag, SurveyResponse
from cxflow.index.services import intake, questionnaire
from cxflow.orgs.models import Office, Region

SEED = 2022
DAYS = 28
PILOT_REGION = "52"
PILOT_QUOTA = (80, 20)  # seekers, employers per office (seed 002 L1665)
OTHER_QUOTA = ((8, 30), (2, 8))  # ranges for the other regions' offices
PILOT_HOURS = "пн-пт 08:00-17:00"
# Flagged answers waiting for review in the pilot region: (reasons, how many)
FLAGGED = ((["burst"], 3), (["identical"], 2), (["off_hours"], 2), (["too_fast"], 1))
SCORES = (3, 4, 5, 6, 7, 8, 9, 10)
SCORE_WEIGHTS = (1, 1, 2, 3, 6, 12, 16, 24)


def seed_surveys() -> int:
    """Add the demo answers once; returns how many (0: the demo already has answers)."""
    if db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))):
        return 0
    rng = random.Random(SEED)
    survey = questionnaire.current()
    offices = db.session.scalars(
        sa.select(Office)
        .join(Office.region)
        .options(contains_eager(Office.region))
        .order_by(Region.code, Office.name)
    ).all()
    rows = []
    for office in offices:
        pilot = office.region.code == PILOT_REGION
        if pilot and not office.opening_hours:
            office.opening_hours = PILOT_HOURS
        seekers, employers = PILOT_QUOTA if pilot else (rng.randint(*r) for r in OTHER_QUOTA)
        for respondent, n in (("seeker", seekers), ("employer", employers)):
            rows += [answer_row(rng, survey, office, respondent) for _ in range(n)]
    db.session.execute(sa.insert(SurveyResponse), rows)
    flagged = _flagged(rng, survey, [o for o in offices if o.region.code == PILOT_REGION])
    return len(rows) + flagged


def answer_row(
    rng: random.Random,
    survey,
    office: Office,
    respondent: str,
    moment=None,
    weights=SCORE_WEIGHTS,
) -> dict:
    """One counted answer of `office` as a row for a bulk insert, at `moment` (default: office
    hours of the last four weeks), its scales drawn with `weights` over 3…10."""
    zone = ZoneInfo(office.region.timezone)
    if moment is None:
        moment = _office_hours_moment(rng, office.region.timezone)
    cleaned = questionnaire.clean(survey, _body(rng, respondent, weights))
    day = moment.astimezone(zone).date()
    return {
        "office_id": office.id,
        "region_id": office.region_id,
        "respondent": Respondent(respondent),
        "questionnaire_key": survey.key,
        "questionnaire_version": survey.version,
        "answers": cleaned["answers"],
        "profile": cleaned["profile"],
        "comment": cleaned["comment"],
        "received_at": moment,
        "received_on": day,
        "device_hash": intake.device_hash(f"demo-{rng.getrandbits(64)}", day),
        "answers_hash": intake.answers_hash(cleaned),
        "counted": True,
    }


def _office_hours_moment(rng: random.Random, timezone: str) -> dt.datetime:
    """A working day of the last four weeks, between 9:00 and 17:00 in the region."""
    today = region_today(timezone)
    while True:
        day = today - dt.timedelta(days=rng.randint(1, DAYS))
        if day.weekday() < 5:
            break
    local = dt.datetime.combine(day, dt.time(9), ZoneInfo(timezone))
    return (local + dt.timedelta(minutes=rng.randint(0, 8 * 60 - 1))).astimezone(dt.UTC)


def _score(rng: random.Random, weights=SCORE_WEIGHTS) -> int:
    return rng.choices(SCORES, weights)[0]


def _body(rng: random.Random, respondent: str, weights=SCORE_WEIGHTS) -> dict:
    answers = {f"q{n}": _score(rng, weights) for n in range(1, 12)}
    if rng.random() < 0.15:  # a client served remotely skips comfort, transport, appearance
        answers |= {"q2": None, "q3": None, "q7": None}
    answers |= {
        "q4": rng.choices(("yes", "dont_know", "no"), (6, 2, 2))[0],
        "q12": _used(rng, 0.12 if respondent == "seeker" else 0.30, weights),  # L442, L615
        "q13": _used(rng, 0.21 if respondent == "seeker" else 0.11, weights),  # L495, L670
        "q14": rng.choices(("office", "website", "social", "contact_center"), (10, 4, 1, 2))[0],
        "q15": {
            channel: _score(rng, weights) if rng.random() < share else None
            for channel, share in (
                ("office", 0.9),
                ("website", 0.4),
                ("social", 0.15),
                ("contact_center", 0.25),
            )
        },
    }
    return {"respondent": respondent, "answers": answers, "profile": _profile(rng, respondent)}


def _used(rng: random.Random, share: float, weights=SCORE_WEIGHTS) -> dict:
    used = rng.random() < share
    return {"used": used, "score": _score(rng, weights) if used else None}


def _profile(rng: random.Random, respondent: str) -> dict:
    if respondent == "seeker":
        return {
            "sex": rng.choice(("male", "female")),
            "age": rng.choice(("20_29", "30_39", "40_49", "50_59", "60_69")),
            "categories": [
                rng.choice(("none", "none", "pre_retirement", "disabled", "women_with_children"))
            ],
        }
    return {
        "ownership": rng.choice(("state_municipal", "private", "private", "mixed")),
        "size": rng.choice(("up_to_15", "16_100", "101_250", "over_250")),
        "categories": [rng.choice(("none", "high_turnover", "seasonal"))],
    }


def _flagged(rng: random.Random, survey, offices: list[Office]) -> int:
    """A few answers of the pilot region held back for review (the review queue's demo)."""
    added = 0
    for reasons, n in FLAGGED:
        for _ in range(n):
            office = rng.choice(offices)
            moment = _office_hours_moment(rng, office.region.timezone)
            if reasons == ["off_hours"]:
                moment += dt.timedelta(hours=10)  # the evening, after closing
            response = SurveyResponse(**answer_row(rng, survey, office, "seeker", moment))
            response.counted = False
            db.session.add(response)
            db.session.add(
                SurveyFlag(
                    response=response,
                    office_id=office.id,
                    region_id=office.region_id,
                    reasons=reasons,
                    created_at=moment,
                )
            )
            added += 1
    db.session.flush()
    return added
