"""The region and federal index boards and the comparison table of seed 002 §2.3 (issue #16
"Region and federal boards"): hand-computed totals, networks apart, annulled offices marked
on every board, states instead of 0, region scoping and a fixed number of queries."""

import datetime as dt
import html as html_lib
import json
import re

import pytest

from cxflow.core.extensions import db
from cxflow.dashboards.services import index_board
from cxflow.index.models.index import Annulment, AnnulmentAction, IndexPeriod
from cxflow.index.services import checklists, periods
from cxflow.orgs.models import Network
from tests import factories
from tests.helpers import page_html, page_text
from tests.index.test_index_scores import respond

START, END = dt.date(2022, 4, 25), dt.date(2022, 5, 6)
BEFORE = (dt.date(2021, 10, 1), dt.date(2021, 10, 14))
LATER = (dt.date(2022, 10, 1), dt.date(2022, 10, 14))
ON = "2022-05-01"


def annul(office, period, reason):
    db.session.add(
        Annulment(
            region_id=office.region_id,
            office=office,
            period_id=period.id,
            action=AnnulmentAction.annul,
            reason=reason,
        )
    )
    db.session.flush()


def build_region(region, offices, user, *, network=Network.centralized, annulled=False):
    """A region's 2021 baseline and 2022 campaign and an empty later period:
    - baseline: the first office 10 answers, none positive (total 0);
    - campaign: the first office 10 answers q10 positive and vacancy dynamics 120 / 100
      (0.4 of 2), the second 10 answers q10 and q11 positive; «simplicity» suspended;
    - `annulled`: the second office's campaign is annulled."""
    region.network = network
    first, second = offices
    first.is_managing_office = True
    baseline = periods.open_period(region, *BEFORE)
    campaign = periods.choose(region, START, END, ["management_openness", "vacancy_dynamics"])
    periods.open_period(region, *LATER)
    respond(first, 10, day=BEFORE[0])
    respond(first, 10, day=START, q10=9)
    respond(second, 6, day=END, q10=9, q11=10)
    respond(second, 4, day=END, respondent="employer", q10=9, q11=10)
    checklists.save(
        first, campaign, "vacancy_dynamics", [], {"current": 120, "previous": 100}, user
    )
    periods.suspend(campaign, "simplicity", "спад экономики", user)
    if annulled:
        annul(second, campaign, "фото не соответствуют действительности")
    db.session.commit()
    return baseline, campaign


@pytest.fixture
def campaign(world):
    """Region 52 (centralized) as `build_region`; region 74 (decentralized) the same with
    its second office annulled."""
    second52 = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")
    second74 = factories.OfficeFactory(region=world.r74, name="ЦЗН Златоуста")
    db.session.flush()
    build_region(world.r52, (world.office52, second52), world.admin)
    build_region(
        world.r74,
        (world.office74, second74),
        world.admin,
        network=Network.decentralized,
        annulled=True,
    )
    return type("Campaign", (), {"second52": second52, "second74": second74})


def table_rows(html: str, table_id: str, attr: str = "data-region") -> list[str]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [
        " ".join(page_text(row).split()) for row in re.findall(rf"<tr {attr}.*?</tr>", body, re.S)
    ]


# --- the numbers --------------------------------------------------------------------------
# office 1 of a region: q10 (1 of 1) + vacancy dynamics (0.4 of 2) + 10 more scored
# questions at 0, simplicity suspended: 100 × (1 + 0.2) / 11 = 10.91
# office 2: q10 and q11 positive, 10 counted: 100 × 2 / 10 = 20 (annulled: 0)
# region: q10 mean 1, q11 mean 0.5, vacancy 0.4 (the office that has it) of 2:
#         100 × (1 + 0.5 + 0.2) / 11 = 15.45; baseline: all 0 → change +15.45
# region 74 (office 2 annulled): q10 mean 0.5, q11 0, vacancy 0.4 of 2 → 100 × 0.7 / 11 = 6.36


def test_federal_board_keeps_networks_apart_with_totals_changes_and_annulled(
    world, campaign, client, auth
):
    auth.login(world.federal_consultant)
    html = page_html(client, f"/index/board?on={ON}")
    assert "Индекс клиентоцентричности регионов" in html
    assert table_rows(html, "index-board-centralized") == [
        "52 Нижегородская область 25.04.2022–06.05.2022 15,45 +15,45 2 / 2 — 20"
    ]
    assert table_rows(html, "index-board-decentralized") == [
        "74 Челябинская область 25.04.2022–06.05.2022 6,36 +6,36 2 / 2 аннулирован ЦЗН Златоуста 20"
    ]
    assert f'href="/regions/{world.r74.id}/index/board?on={ON}"' in html
    # without a day each region shows its latest period: the empty October one
    rows = table_rows(page_html(client, "/index/board"), "index-board-centralized")
    assert rows == ["52 Нижегородская область 01.10.2022–14.10.2022 — — 0 / 2 — 0"]


def test_a_region_without_a_period_on_that_day_says_so(world, campaign, client, auth):
    auth.login(world.admin)
    html = page_html(client, "/index/board?on=2020-01-01")
    assert "Нет периода, содержащего 01.01.2020." in page_text(html)


def test_a_bad_day_is_named(world, client, auth):
    auth.login(world.admin)
    response = client.get("/index/board?on=01.05.2022")
    assert response.status_code == 422
    assert "Неверная дата (ГГГГ-ММ-ДД)." in response.text
    assert 'id="index-on-error"' in response.text


def test_region_board_ranks_offices_marks_the_annulled_and_charts_an_office(
    world, campaign, client, auth
):
    auth.login(world.federal_consultant)
    html = page_html(client, f"/regions/{world.r74.id}/index/board?on={ON}")
    assert table_rows(html, "index-offices", "data-office") == [
        "ЦЗН Челябинска управляющий ЦЗН 10,91 +10,91 10 —",
        "ЦЗН Златоуста 0 — 10 аннулирован фото не соответствуют действительности",
    ]
    indicators = dict(
        (row.split(" ", 1)[0], row)
        for row in table_rows(html, "index-indicators", "data-indicator")
    )
    assert indicators["1.1"].endswith("каждый ЦЗН 0,5 1")
    assert indicators["3.4"].endswith("приостановлен 1")  # suspended, not 0
    assert "мало ответов" in indicators["1.3"]  # nobody used the management channel
    assert indicators["2.3"].endswith("не выбран 2")  # events: not chosen by the region
    # the chart: the first office (highest) against the region and its baseline
    chart = json.loads(html_lib.unescape(re.search(r'data-chart="([^"]+)"', html).group(1)))
    labels = chart["labels"]
    office, region, previous = (d["data"] for d in chart["datasets"])
    at = {label.split(" ", 1)[0]: n for n, label in enumerate(labels)}
    assert office[at["1.1"]] == 100 and region[at["1.1"]] == 50 and previous[at["1.1"]] == 0
    assert office[at["2.2"]] == 20 and region[at["2.2"]] == 20 and previous[at["2.2"]] is None
    assert office[at["3.4"]] is None  # suspended: a gap, not 0
    assert "<script>" not in html
    assert 'src="/static/js/index-board.js"' in html
    # another office chosen
    html = page_html(
        client, f"/regions/{world.r74.id}/index/board?on={ON}&office={campaign.second74.id}"
    )
    assert "Баллы ЦЗН за период аннулированы (0)." in page_text(html)
    chart = json.loads(html_lib.unescape(re.search(r'data-chart="([^"]+)"', html).group(1)))
    office, region, previous = (d["data"] for d in chart["datasets"])
    assert office[at["1.1"]] == 0 and region[at["1.1"]] == 50
    assert set(previous) == {None}  # no answers in the baseline: gaps, not zeros


def test_region_board_without_periods(world, client, auth):
    auth.login(world.regional_coordinator)
    html = page_html(client, f"/regions/{world.r52.id}/index/board")
    assert "У региона ещё нет периода индекса." in page_text(html)


def test_comparison_table_has_each_region_the_mean_and_the_maximum_possible(
    world, campaign, client, auth
):
    auth.login(world.admin)
    html = page_html(client, f"/index/comparison?on={ON}")
    rows = {
        row.split(" ", 1)[0]: row for row in table_rows(html, "index-comparison", "data-indicator")
    }
    # professional competence: 52 → 1 (both offices), 74 → 0.5 (annulled office 0);
    # network means, the mean over regions 0.75, the maximum possible 1 (not 1, the best)
    assert rows["1.1"] == (
        "1.1 Уровень профессиональных компетенций сотрудников 1 1 (n=1) 0,5 0,5 (n=1) 0,75 (n=2) 1"
    )
    # vacancy dynamics: the maximum possible is the indicator's 2, not the best value 0.4
    assert rows["2.2"].endswith("0,4 0,4 (n=1) 0,4 0,4 (n=1) 0,4 (n=2) 2")
    assert rows["3.4"].endswith("документов приостановлен — приостановлен — — 1")
    assert "не выбран — не выбран — — 2" in rows["2.3"]
    assert "мало ответов" in rows["1.3"]


# --- access -------------------------------------------------------------------------------


def test_a_regional_role_is_sent_to_its_region_board(world, campaign, client, auth):
    auth.login(world.manager)
    for url in (f"/index/board?on={ON}", "/index/comparison"):
        response = client.get(url)
        assert response.status_code == 302
        assert f"/regions/{world.r52.id}/index/board" in response.headers["Location"]
    assert client.get(f"/regions/{world.r74.id}/index/board").status_code == 404
    html = page_html(client, f"/regions/{world.r52.id}/index/board?on={ON}")
    assert "ЦЗН Сергача" in html and "Златоуста" not in html


def test_the_navigation_has_the_summary_board(world, client, auth):
    auth.login(world.federal_consultant)
    assert "Индекс: сводная таблица" in page_html(client, "/index/board")


# --- queries --------------------------------------------------------------------------------


def test_boards_run_the_same_queries_for_2_and_8_regions(world, client, auth, query_counts):
    auth.login(world.admin)

    def grow(n):
        for _ in range(n):
            region = factories.RegionFactory()
            offices = (
                factories.OfficeFactory(region=region),
                factories.OfficeFactory(region=region),
            )
            db.session.flush()
            network = Network.decentralized if region.id % 2 else Network.centralized
            build_region(region, offices, world.admin, network=network, annulled=True)

    urls = [
        f"/index/board?on={ON}",
        "/index/board",
        f"/index/comparison?on={ON}",
        f"/index/scores.xlsx?on={ON}",
        f"/index/comparison.xlsx?on={ON}",
    ]
    small, large = query_counts(client.get, urls, grow)
    assert small == large


def test_the_region_board_runs_the_same_queries_for_2_and_8_offices(
    world, client, auth, query_counts
):
    auth.login(world.admin)
    campaign = periods.choose(world.r52, START, END, ["vacancy_dynamics"])
    periods.open_period(world.r52, *BEFORE)
    db.session.commit()

    def grow(n):
        for _ in range(n):
            office = factories.OfficeFactory(region=world.r52)
            db.session.flush()
            respond(office, 10, day=START, q10=9)
            respond(office, 3, day=BEFORE[0])
            checklists.save(
                office, campaign, "vacancy_dynamics", [], {"current": 3, "previous": 2}, world.admin
            )
            annul(office, campaign, "проверка")
        db.session.commit()

    url = f"/regions/{world.r52.id}/index/board?on={ON}"
    small, large = query_counts(client.get, [url, f"{url}&office=1"], grow)
    assert small == large


def test_period_choice_by_day_picks_the_containing_period(world):
    overlapping = IndexPeriod(
        region_id=world.r52.id,
        start=dt.date(2022, 4, 1),
        end=dt.date(2022, 6, 30),
        methodology_key="indicators-2022",
        methodology_version=1,
    )
    db.session.add(overlapping)
    campaign = periods.open_period(world.r52, START, END)
    db.session.commit()
    found = index_board.periods_by_region([world.r52.id])[world.r52.id]
    assert index_board.pick(found, dt.date(2022, 5, 1)) == campaign  # the latest starting
    assert index_board.pick(found, dt.date(2022, 6, 1)) == overlapping
    assert index_board.pick(found, None) == campaign
    assert index_board.baseline_of(found, campaign) == overlapping
