"""The effect of a solution: the SQL score equals the Python one on every metric, and the SQL
"effective" filter agrees with the verdict shown on pages."""

import datetime as dt

import pytest
import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.journeys.models import Measurement
from cxflow.journeys.services import measurements as journeys
from cxflow.solutions import services
from cxflow.solutions.models import Solution
from tests import factories
from tests.helpers import before_and_after

METRICS = [
    {"metric": "share_satisfied", "value": 61.0},
    {"metric": "csi", "value": 74.5},
    {"metric": "nps", "value": -20.0},
    {"metric": "mean_score", "value": 2.6, "scale_min": 1.0, "scale_max": 3.0},
    {"metric": "ces", "value": 4.0, "scale_min": 1.0, "scale_max": 7.0},
    {"metric": "custom", "value": 3.0, "metric_name": "Индекс", "scale_min": 0, "scale_max": 5},
]


@pytest.mark.parametrize("fields", METRICS, ids=[m["metric"] for m in METRICS])
def test_sql_score_equals_python_score(world, fields):
    measurement = factories.MeasurementFactory(**fields)
    db.session.commit()
    stmt = sa.select(journeys.score_sql(Measurement)).where(Measurement.id == measurement.id)
    expected = journeys.score(measurement)
    got = db.session.scalar(stmt)
    assert got is None if expected is None else got == pytest.approx(expected)


def _solution(stage, before_value, after_value, status="done"):
    after_period = (dt.date(2026, 11, 1), dt.date(2026, 11, 10))
    before, after = before_and_after(stage, before_value, after_value, after_period)
    return factories.SolutionFactory(
        pilot=stage.journey.pilot,
        stage=stage,
        status=status,
        before_measurement=before,
        after_measurement=after,
    )


def test_effective_filter_agrees_with_the_verdict(world):
    stage = factories.StageFactory()
    better = _solution(stage, 61, 70)
    worse = _solution(stage, 61, 55)
    same = _solution(stage, 61, 61)
    open_better = _solution(stage, 61, 70, status="in_progress")
    unmeasured = factories.SolutionFactory(pilot=stage.journey.pilot, status="done")
    db.session.commit()
    found = set(db.session.scalars(sa.select(Solution.id).where(services.effective_clause())))
    assert found == {better.id}
    assert [services.effect(s).verdict for s in (better, worse, same, unmeasured)] == [
        "improved",
        "worse",
        "unchanged",
        "not_measured",
    ]
    assert services.is_effective(better) and not services.is_effective(open_better)
