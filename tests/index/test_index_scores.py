"""The index of an office and a region computed from answers, checklists and annulments
(issue #16), with hand-computed numbers."""

import dataclasses
import datetime as dt

import pytest

from cxflow.core import methodology
from cxflow.core.extensions import db
from cxflow.index.models.index import Annulment, AnnulmentAction
from cxflow.index.services import checklists, index, periods
from cxflow.index.services.checklists import ItemInput
from tests import factories
from tests.index.scores_data import END, START, respond


@pytest.fixture
def period(world):
    return periods.choose(world.r52, START, END, ["management_openness", "comfort"])


def test_subjective_share_counts_8_to_10_among_answers_given(world, period):
    respond(world.office52, 6, q10=8)
    respond(world.office52, 3, q10=10, respondent="employer")
    respond(world.office52, 3, q10=7)
    respond(world.office52, 2, q10=None)  # never valid for q10, but blank is left out
    result = index.office_index(world.office52, period).result("professional_competence")
    assert (result.subjective.positive, result.subjective.responses) == (9, 12)
    assert result.by_respondent["employer"].positive == 3
    assert result.score.score == pytest.approx(0.75)
    assert result.score.max == 1


def test_too_few_answers_are_left_out(world, period):
    respond(world.office52, 9, q10=9)
    result = index.office_index(world.office52, period).result("professional_competence")
    assert result.subjective.too_few
    assert result.score.score is None


def test_both_indicator_adds_objective_points_and_total_is_normalised_mean(world, period):
    respond(world.office52, 10, q12={"used": True, "score": 9})  # 10 of 10 positive
    items = [ItemInput("swap_days", True, "https://czn52.ru/a")]
    checklist = checklists.save(
        world.office52, period, "management_openness", items, None, world.regional_coordinator
    )
    assert (checklist.score, checklist.max) == (0.2, 1)
    office = index.office_index(world.office52, period)
    openness = office.result("management_openness")
    assert (openness.score.score, openness.score.max) == (1.2, 2)
    assert not office.annulled


def test_annulment_zeroes_every_score_and_reversal_restores(world, period):
    respond(world.office52, 10, q10=9)
    db.session.add(
        Annulment(
            region_id=world.r52.id,
            office=world.office52,
            period_id=period.id,
            action=AnnulmentAction.annul,
            reason="фото не соответствуют действительности",
        )
    )
    db.session.flush()
    office = index.office_index(world.office52, period)
    assert office.annulled and office.total == 0
    assert office.result("professional_competence").score.score == 0
    db.session.add(
        Annulment(
            region_id=world.r52.id,
            office=world.office52,
            period_id=period.id,
            action=AnnulmentAction.reverse,
            reason="повторная проверка",
        )
    )
    db.session.flush()
    # q10 positive in all 10 answers, the other ten scored questions in none: 1 of 11
    assert index.office_index(world.office52, period).total == pytest.approx(9.09)


def test_region_index_means_offices_and_counts_regional_indicators_once(world, period):
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")
    world.office52.is_managing_office = True
    respond(world.office52, 10, q10=9)
    respond(second, 10, q10=5)
    region = index.region_index(world.r52, period)
    assert region.indicators["professional_competence"].score == pytest.approx(0.5)
    assert [r.indicator.key for r in region.regional] == [
        "info_website",
        "info_social",
        "multichannel",
    ]
    assert region.managing_office == world.office52


def test_a_new_methodology_version_leaves_earlier_periods_unchanged(world, monkeypatch):
    """A period keeps the version it was opened under; a new version (here: only 9–10 is
    positive) scores the periods opened after it, and the old one can be recomputed beside."""
    old = periods.choose(world.r52, START, END, [])
    respond(world.office52, 10, q10=8)
    before = index.office_index(world.office52, old).result("professional_competence")
    assert before.score.score == 1

    document = methodology.documents("index")["indicators-2022"]
    raw = dict(document.raw, version=document.version + 1, positive_min=9)
    new = dataclasses.replace(document, version=raw["version"], raw=raw, sha256="f" * 64)
    monkeypatch.setitem(methodology.documents("index"), "indicators-2022", new)

    assert index.office_index(world.office52, old).result("professional_competence") == before
    later = periods.choose(world.r52, START, dt.date(2022, 5, 7), [])
    assert later.methodology_version == document.version + 1
    result = index.office_index(world.office52, later).result("professional_competence")
    assert result.score.score == 0  # 8 is no longer positive under the new version
