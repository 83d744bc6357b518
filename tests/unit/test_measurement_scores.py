"""score() and band(): a measurement's value scaled to 0..1 and its band, at the boundaries."""

import datetime as dt
from types import SimpleNamespace

import pytest

from cxflow.journeys.services.measurements import band, latest, score


def m(metric, value, scale_min=None, scale_max=None, **extra):
    return SimpleNamespace(
        metric=metric, value=value, scale_min=scale_min, scale_max=scale_max, **extra
    )


@pytest.mark.parametrize(
    ("measurement", "expected"),
    [
        (m("share_satisfied", 0), 0.0),
        (m("share_satisfied", 61), 0.61),
        (m("share_satisfied", 100), 1.0),
        (m("csi", 74), 0.74),
        (m("nps", -100), 0.0),
        (m("nps", 0), 0.5),
        (m("nps", 50), 0.75),
        (m("nps", 100), 1.0),
        (m("mean_score", 2.6, 1, 3), 0.8),
        (m("mean_score", 1, 1, 5), 0.0),
        (m("mean_score", 5, 1, 5), 1.0),
        (m("mean_score", 7, 1, 10), 2 / 3),
        (m("ces", 4, 1, 7), 0.5),
        # a share ignores any scale sent with it: a percent is always 0–100
        (m("share_satisfied", 50, 1, 5), 0.5),
    ],
)
def test_score_scales_the_value_to_zero_one(measurement, expected):
    assert score(measurement) == pytest.approx(expected)


@pytest.mark.parametrize(
    "measurement",
    [
        m("custom", 12, 0, 100),  # a custom metric has no agreed direction
        m("custom", 12),
        m("mean_score", 3),  # no scale
        m("mean_score", 3, 5, 5),  # an empty scale
        m("ces", 3, 1, None),
        m("unknown", 3),
        m("share_satisfied", None),
    ],
)
def test_no_score(measurement):
    assert score(measurement) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (0.0, "low"),
        (0.4999, "low"),
        (0.5, "medium"),
        (0.7499, "medium"),
        (0.75, "high"),
        (1.0, "high"),
    ],
)
def test_band_boundaries(value, expected):
    assert band(value) == expected


def test_bands_of_real_values():
    assert band(score(m("share_satisfied", 49.9))) == "low"
    assert band(score(m("share_satisfied", 50))) == "medium"
    assert band(score(m("nps", 49))) == "medium"
    assert band(score(m("nps", 50))) == "high"
    assert band(score(m("mean_score", 2, 1, 3))) == "medium"  # exactly 0.5
    assert band(score(m("custom", 99))) is None


def test_latest_is_the_greatest_period_end_then_id():
    sept, oct_ = dt.date(2026, 9, 30), dt.date(2026, 10, 31)
    a = m("csi", 1, id=1, period_end=oct_)
    b = m("csi", 1, id=2, period_end=sept)
    c = m("csi", 1, id=3, period_end=oct_)
    assert latest([a, b, c]) is c
    assert latest([c, a, b]) is c
    assert latest([b]) is b
    assert latest([]) is None
