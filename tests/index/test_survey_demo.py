"""Demo survey answers (cxflow/demo/surveys.py): the 2022 pilot's quota in region 52, fewer
elsewhere, a few flagged waiting for review, all valid, the same on every load, added once."""

import datetime as dt

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.surveys import SurveyFlag, SurveyResponse
from cxflow.index.services import questionnaire
from cxflow.orgs.models import Office, Region

RECENT = dt.date(2023, 1, 1)  # after the demo's 2022 pilot answers


def seed(app):
    result = app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def counts_by_office(code: str) -> dict[str, tuple[int, int]]:
    """Counted answers of the last four weeks (cxflow/demo/index.py adds the 2022 pilot's)."""
    stmt = (
        sa.select(Office.name, SurveyResponse.respondent, sa.func.count())
        .join(SurveyResponse.office)
        .join(Office.region)
        .where(Region.code == code, SurveyResponse.counted, SurveyResponse.received_on > RECENT)
        .group_by(Office.name, SurveyResponse.respondent)
    )
    counts: dict = {}
    for name, respondent, n in db.session.execute(stmt):
        seekers, employers = counts.get(name, (0, 0))
        counts[name] = (
            (seekers + n, employers) if respondent == "seeker" else (seekers, employers + n)
        )
    return counts


def test_demo_answers_follow_the_pilot_quota_and_some_wait_for_review(app):
    output = seed(app)
    assert " survey answers" in output
    assert set(counts_by_office("52").values()) == {(80, 20)}  # seed 002 L1665
    others = counts_by_office("74")
    assert others and all(s < 80 and e < 20 for s, e in others.values())
    flags = db.session.scalars(sa.select(SurveyFlag)).all()
    assert 0 < len(flags) < 20 and {f.status for f in flags} == {"pending"}
    assert all(not f.response.counted and f.office.region.code == "52" for f in flags)
    survey = questionnaire.current()
    for row in db.session.scalars(sa.select(SurveyResponse).limit(50)):
        body = {"respondent": row.respondent.value, "answers": row.answers, "profile": row.profile}
        assert questionnaire.clean(survey, body)["answers"] == row.answers
    pilot_office = db.session.scalar(
        sa.select(Office).join(Office.region).where(Region.code == "52").limit(1)
    )
    assert pilot_office.opening_hours


def test_demo_answers_are_added_once_and_the_same_each_time(app):
    seed(app)
    total = db.session.scalar(sa.select(sa.func.count(SurveyResponse.id)))
    recent = (
        sa.select(SurveyResponse.answers_hash)
        .where(SurveyResponse.received_on > RECENT)
        .order_by(SurveyResponse.id)
    )
    first = list(db.session.scalars(recent))
    assert "0 survey answers" in seed(app)
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == total
    db.session.execute(sa.delete(SurveyFlag))
    db.session.execute(sa.delete(SurveyResponse))
    db.session.commit()
    seed(app)
    assert list(db.session.scalars(recent)) == first
