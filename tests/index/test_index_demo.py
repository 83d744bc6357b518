"""Demo index data (cxflow/demo/index.py): a managing office in the pilot regions, the 2022
pilot period with the matrix's choices (seed 002 L289–305) and the last 30 days, checklists
filled, the demo survey answers inside the recent period, so a region-52 office has a total
and a change against the 2022 baseline; added once."""

import datetime as dt

import sqlalchemy as sa

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.index.models.index import Checklist, IndexPeriod
from cxflow.index.services import index, periods
from cxflow.orgs.models import Office, Region


def seed(app) -> str:
    result = app.test_cli_runner().invoke(args=["cxflow", "seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def region(code: str) -> Region:
    return db.session.scalar(sa.select(Region).where(Region.code == code))


def test_the_demo_has_the_pilot_periods_and_a_region_52_office_index_has_a_total(app):
    output = seed(app)
    assert " index checklists" in output
    nizhny, chelyabinsk = region("52"), region("74")
    managing = {
        o.region.code: o.name
        for o in db.session.scalars(sa.select(Office).where(Office.is_managing_office))
    }
    assert managing["52"] == "ГКУ «Центр занятости населения города Нижнего Новгорода»"
    assert managing["74"] == "ОКУ «Центр занятости населения города Челябинска»"
    pilot, recent = sorted(periods.periods_of(nizhny.id), key=lambda p: p.start)
    assert (pilot.start, pilot.end) == (dt.date(2022, 4, 25), dt.date(2022, 5, 6))
    assert periods.chosen_keys(pilot) == [
        "quick_response",
        "prebooking",
        "comfort",
        "staff_appearance",
    ]
    assert recent.end == region_today(nizhny.timezone)
    assert (recent.end - recent.start).days == 29
    (pilot74,) = [p for p in periods.periods_of(chelyabinsk.id) if p.start.year == 2022]
    assert periods.chosen_keys(pilot74) == [
        "management_openness",
        "jobseeker_events",
        "quick_response",
        "transport",
    ]
    assert db.session.scalar(sa.select(sa.func.count(IndexPeriod.id))) == 26  # 13 regions × 2
    links = db.session.scalars(sa.select(Checklist).where(Checklist.region_id == nizhny.id)).all()
    assert links and all(
        i.evidence_url.startswith("https://")
        for c in links
        for i in c.items
        if i.implemented and c.indicator_key != "quick_response"
    )
    office = db.session.scalar(
        sa.select(Office).where(Office.region_id == nizhny.id).order_by(Office.name).limit(1)
    )
    now = index.office_index(office, recent)
    assert now.total is not None and now.baseline_total is not None and now.change is not None
    counted = now.result("professional_competence").subjective
    assert counted.responses >= 80 and not counted.too_few  # the demo answers are inside
    before = index.office_index(office, pilot)
    assert before.total is not None
    assert before.result("professional_competence").subjective.responses == 100  # 80 + 20, L1665
    assert before.result("comfort").objective.checklist is not None
    # the 2022 answers lean lower: the index rises against the baseline
    assert now.total > before.total and now.change == round(now.total - before.total, 2)


def test_the_demo_index_is_added_once(app):
    seed(app)
    counts = db.session.scalar(sa.select(sa.func.count(Checklist.id)))
    assert " 0 index checklists" in seed(app)
    assert db.session.scalar(sa.select(sa.func.count(Checklist.id))) == counts
