"""The federal maturity board (issue #14, "History and comparison", "Exports"): one row per
region with the recorded level, the latest self-assessment, the blocks normalised and the
change; region scoping, sorting, the XLSX and a fixed number of queries."""

import re

from cxflow.core.extensions import db
from cxflow.maturity.models.controls import RegionMaturity
from cxflow.maturity.services import matrix
from tests import factories
from tests.helpers import page_html, page_text, xlsx_sheet
from tests.maturity.test_assessments_pages import ANSWERS, make
from tests.maturity.test_checklist import BEST as BEST_OPTIONS

BEST = {code: list(v) if code == "training" else v[0] for code, v in BEST_OPTIONS.items()}


def _level(region, level: str) -> None:
    current = matrix.document()
    db.session.add(
        RegionMaturity(
            region_id=region.id,
            level=level,
            matrix_key=current.key,
            matrix_version=current.version,
        )
    )
    db.session.commit()


def _two_regions(world):
    """52: 9/30 on 01.10, then 30/30 on 20.11 at level II; 74: one 9/30 on 15.11, no level."""
    make(world.regional_coordinator, world.r52, "2026-10-01", ANSWERS)
    make(world.regional_coordinator, world.r52, "2026-11-20", BEST)
    make(world.coordinator74, world.r74, "2026-11-15", ANSWERS)
    _level(world.r52, "level_2")


def _rows(html: str) -> list[str]:
    """The table's rows as text, in order."""
    body = html.split('id="maturity-board"', 1)[1].split("</tbody>", 1)[0]
    return [page_text(row).strip() for row in re.findall(r"<tr data-region.*?</tr>", body, re.S)]


def test_one_row_per_region_with_level_score_blocks_and_change(world, client, auth):
    _two_regions(world)
    auth.login(world.federal_consultant)
    html = page_html(client, "/reports/maturity")
    assert "Зрелость регионов" in html  # the Russian interface
    rows = _rows(html)
    assert rows == [
        "52 Нижегородская область II 20.11.2026 30/30 100% 100% 100% +21",
        "74 Челябинская область 0 15.11.2026 9/30 22% 67% 28% —",
    ]
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in html
    assert 'src="/static/js/maturity-board.js"' in html
    assert "<script>" not in html  # the CSP forbids inline scripts: data go in data-chart
    chart = re.search(r'data-chart="([^"]+)"', html).group(1)
    assert "&#34;datasets&#34;" in chart and "52 Нижегородская область" in chart


def test_a_regional_coordinator_sees_only_their_region(world, client, auth):
    _two_regions(world)
    auth.login(world.coordinator74)
    rows = _rows(page_html(client, "/reports/maturity"))
    assert len(rows) == 1 and rows[0].startswith("74 ")
    sheet = xlsx_sheet(client.get("/reports/maturity.xlsx"))
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["74"]


def test_columns_sort_both_ways_and_unknown_keys_fall_back_to_region(world, client, auth):
    _two_regions(world)
    factories.RegionFactory(code="01", name="Без самооценки")
    db.session.commit()
    auth.login(world.admin)
    assert [r[:2] for r in _rows(page_html(client, "/reports/maturity"))] == ["01", "52", "74"]
    for sort in ("score", "-score", "date", "-date"):  # no value: last either way
        assert _rows(page_html(client, f"/reports/maturity?sort={sort}"))[-1].startswith("01 ")
    by_change = _rows(page_html(client, "/reports/maturity?sort=-change"))
    assert [r[:2] for r in by_change] == ["52", "01", "74"]  # no change: last, by region code
    assert _rows(page_html(client, "/reports/maturity"))[0] == "01 Без самооценки 0 — — — — — —"
    by_score = _rows(page_html(client, "/reports/maturity?sort=score"))
    assert [row[:2] for row in by_score] == ["74", "52", "01"]
    html = page_html(client, "/reports/maturity?sort=score")
    assert 'href="/reports/maturity?sort=-score"' in html  # the active column reverses
    assert 'aria-sort="ascending"' in html
    expected = {
        "-score": ["52", "74", "01"],
        "-level": ["52", "01", "74"],  # 01 and 74 both at level 0: by region code
        "level": ["01", "74", "52"],
        "block_analysis": ["74", "52", "01"],
        "-block_analysis": ["52", "74", "01"],
        "nonsense": ["01", "52", "74"],
    }
    for sort, codes in expected.items():
        assert [r[:2] for r in _rows(page_html(client, f"/reports/maturity?sort={sort}"))] == codes


def test_the_board_as_xlsx(world, client, auth):
    _two_regions(world)
    auth.login(world.federal_consultant)
    sheet = xlsx_sheet(client.get("/reports/maturity.xlsx?sort=-score"))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == ("Код", "Регион", "Уровень", "Дата самооценки", "Баллы")
    assert rows[1][-1] == "Изменение"
    assert rows[2][0] == "52" and rows[2][2] == "II" and rows[2][4] == "30/30"
    assert rows[2][5:] == (100, 100, 100, 21)
    assert rows[3][0] == "74" and rows[3][2] == "0" and rows[3][5:] == (22, 67, 28, None)
    assert rows[3][3].date().isoformat() == "2026-11-15"


def test_the_board_runs_the_same_queries_for_2_and_12_regions(world, client, auth, query_counts):
    _two_regions(world)
    auth.login(world.admin)

    def grow(n):
        for _ in range(n):
            region = factories.RegionFactory()
            db.session.commit()
            make(world.admin, region, "2026-09-01", ANSWERS)
            make(world.admin, region, "2026-10-01", BEST)
            _level(region, "level_1")

    small, large = query_counts(
        client.get, ["/reports/maturity", "/reports/maturity.xlsx"], grow, growth=(2, 10)
    )
    assert large == small
