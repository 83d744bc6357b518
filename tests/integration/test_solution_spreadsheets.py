"""Solution maps as Excel workbooks: each layout's header read back with openpyxl, cell
values (window, ongoing, dates, status, effect), merged stage cells, tier groups of E and F,
formula safety, scoping and a bad layout on the page and in the API."""

import datetime as dt

import pytest

from cxflow.core.extensions import db
from tests import factories
from tests.helpers import EVIL, before_and_after, xlsx_sheet

HEADERS = {
    "full": [
        "№",
        "Этап пути клиента",
        "Болевая точка",
        "Решение",
        "Планируемый результат",
        "Ответственный",
        "Срок",
        "Вид решения",
        "Статус",
        "Дата выполнения",
        "Эффект",
    ],
    "A": ["№ п/п", "«Болевая» точка", "Карта решений"],
    "B": ["№", "Этап пути", "Выявленные болевые точки", "Карта решений"],
    "C": [
        "№ п/п",
        "Стадия клиентского опыта",
        "Выявленная проблема «болевая точка»",
        "Инструменты по улучшению качества",
        "Планируемый результат",
    ],
    "D": ["Стадии маршрута", "Болевые точки работодателя", "Способы решения"],
    "E": ["Этап", "Болевая точка", "Мероприятие", "Сроки"],
    "F": ["Этап клиентского пути", "Выявленные болевые точки", "Решения", "Срок реализации"],
}


@pytest.fixture
def pilot_map(pilot):
    """Two stages of a region-52 pilot: stage 1 with two pain points and three solutions
    (a quick win in a window, a done one measured before and after, an ongoing one), stage 2
    with a long-term and a deferred one."""
    journey = factories.JourneyFactory(pilot=pilot)
    first = factories.StageFactory(journey=journey, position=1, title="Поиск информации")
    second = factories.StageFactory(journey=journey, position=2, title="Решение о выборе")
    internet = factories.PainPointFactory(stage=first, description="Интернет неудобен")
    quota = factories.PainPointFactory(stage=first, description="Не знают о квотах")
    phone = factories.PainPointFactory(stage=second, description="Не дозвониться")
    after_period = (dt.date(2026, 11, 1), dt.date(2026, 11, 15))
    before, after = before_and_after(first, 61.0, 70.0, after_period, sample_sizes=(120, 90))
    common = {"pilot": pilot}
    rows = {
        "window": factories.SolutionFactory(
            **common,
            stage=first,
            pain_point=internet,
            solution="Вкладка для лиц с инвалидностью",
            planned_result="Информация доступна",
            window_start=dt.date(2026, 11, 17),
            due_date=dt.date(2027, 1, 16),
        ),
        "done": factories.SolutionFactory(
            **common,
            stage=first,
            pain_point=internet,
            solution=EVIL,
            due_date=dt.date(2026, 10, 31),
            status="done",
            done_on=dt.date(2026, 10, 26),
            before_measurement=before,
            after_measurement=after,
        ),
        "ongoing": factories.SolutionFactory(
            **common,
            stage=first,
            pain_point=quota,
            solution="Информирование о квотируемых местах",
            owner="Отдел трудоустройства",
            due_date=None,
            ongoing=True,
            tier="long_term",
        ),
        "later": factories.SolutionFactory(
            **common,
            stage=second,
            pain_point=phone,
            solution="Обучение колл-центра",
            due_date=dt.date(2027, 12, 31),
            tier="long_term",
        ),
        "deferred": factories.SolutionFactory(
            **common,
            stage=second,
            pain_point=phone,
            solution="Второй номер телефона",
            due_date=dt.date(2026, 9, 30),  # before today and open: overdue
            tier="deferred",
        ),
    }
    db.session.commit()
    return type("Map", (), {"pilot": pilot, **rows})


def _values(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def _download(client, auth, user, pilot, layout=None):
    auth.login(user)
    query = f"?layout={layout}" if layout else ""
    return client.get(f"/pilots/{pilot.id}/solutions.xlsx{query}")


@pytest.mark.parametrize("layout", list(HEADERS))
def test_every_layout_has_the_headers_of_its_seed(world, client, auth, pilot_map, layout):
    ws = xlsx_sheet(_download(client, auth, world.regional_coordinator, pilot_map.pilot, layout))
    assert ws.title == "Карта решений"
    assert ws["A1"].value.startswith("Нижегородская область. Карта решений и «быстрых побед»")
    assert pilot_map.pilot.title in ws["A2"].value
    assert _values(ws, 3)[: len(HEADERS[layout])] == HEADERS[layout]
    assert ws.max_column == len(HEADERS[layout])
    assert ws.freeze_panes == "A4"
    assert all(ws.column_dimensions[c].width > 5 for c in "ABC")
    assert ws["A4"].alignment.wrap_text


def test_full_layout_holds_every_value(world, client, auth, pilot_map):
    response = _download(client, auth, world.working_group_member, pilot_map.pilot)
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert f"52-{pilot_map.pilot.id}.xlsx" in response.headers["Content-Disposition"]
    ws = xlsx_sheet(response)
    rows = {r[3]: r for r in (tuple(c.value for c in row) for row in ws.iter_rows(min_row=4))}
    window = rows["Вкладка для лиц с инвалидностью"]
    assert window[:3] == (1, "Поиск информации", "Интернет неудобен")
    assert window[4:9] == (
        "Информация доступна",
        "Отдел информационных технологий",
        "17.11.2026 – 16.01.2027",
        "быстрая победа",
        "запланировано",
    )
    done = rows[EVIL]
    assert done[6] == dt.datetime(2026, 10, 31) and done[8] == "выполнено"
    assert done[9] == dt.datetime(2026, 10, 26)
    assert done[10].startswith("улучшилось: 61") and "n = 120" in done[10] and "n = 90" in done[10]
    assert rows["Информирование о квотируемых местах"][6] == "постоянно"
    assert rows["Информирование о квотируемых местах"][7] == "на перспективу"
    assert rows["Второй номер телефона"][7:9] == ("отложенное решение", "запланировано, просрочено")
    assert rows["Обучение колл-центра"][10] is None  # not measured: no effect text
    date_cell = next(c for c in ws["J"] if isinstance(c.value, dt.datetime))
    assert date_cell.number_format == "DD.MM.YYYY"


def test_text_is_never_a_formula(world, client, auth, pilot_map):
    for layout in ("full", "B"):
        ws = xlsx_sheet(
            _download(client, auth, world.regional_coordinator, pilot_map.pilot, layout)
        )
        cells = [c for row in ws.iter_rows() for c in row if c.value == EVIL]
        assert cells and all(c.data_type == "s" for c in cells)


def test_layout_b_numbers_stages_and_merges_their_cells(world, client, auth, pilot_map):
    ws = xlsx_sheet(_download(client, auth, world.regional_coordinator, pilot_map.pilot, "b"))
    assert [_values(ws, r)[:2] for r in (4, 7)] == [
        [1, "Поиск информации"],
        [2, "Решение о выборе"],
    ]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # Stage 1 spans its three solutions, its first pain point two of them; stage 2 two rows.
    assert {"A4:A6", "B4:B6", "C4:C5", "A7:A8", "B7:B8", "C7:C8"} <= merged
    assert [ws.cell(row=r, column=4).value for r in range(4, 9)] == [
        "Вкладка для лиц с инвалидностью",
        EVIL,
        "Информирование о квотируемых местах",
        "Обучение колл-центра",
        "Второй номер телефона",
    ]


def test_layout_a_numbers_pain_points(world, client, auth, pilot_map):
    ws = xlsx_sheet(_download(client, auth, world.regional_coordinator, pilot_map.pilot, "A"))
    assert [ws.cell(row=r, column=1).value for r in range(4, 9)] == [1, None, 2, 3, None]
    assert ws["B6"].value == "Не знают о квотах"


def test_layout_e_groups_rows_under_tier_headings(world, client, auth, pilot_map):
    ws = xlsx_sheet(_download(client, auth, world.regional_coordinator, pilot_map.pilot, "E"))
    column_a = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert column_a == [
        "Быстрые победы",
        "Поиск информации",
        None,
        "На перспективу",
        "Поиск информации",
        "Решение о выборе",
        "Отложенные решения",
        "Решение о выборе",
    ]
    assert ws["A4"].font.bold and "A4:D4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["C5"].value == "Вкладка для лиц с инвалидностью"
    assert ws["D5"].value == "17.11.2026 – 16.01.2027"
    assert ws["D8"].value == "постоянно"
    assert ws["D9"].value == dt.datetime(2027, 12, 31)


def test_layout_f_starts_with_quick_solutions(world, client, auth, pilot_map):
    ws = xlsx_sheet(_download(client, auth, world.regional_coordinator, pilot_map.pilot, "F"))
    headings = [c.value for c in ws["A"] if c.font.bold and c.row > 3]
    assert headings == ["«Быстрые» решения", "На перспективу", "Отложенные решения"]


def test_an_empty_map_is_a_header_only(world, client, auth, pilot):
    ws = xlsx_sheet(_download(client, auth, world.regional_coordinator, pilot, "E"))
    assert ws.max_row == 3


def test_other_regions_and_strangers_get_nothing(world, client, auth, pilot_map):
    response = _download(client, auth, world.coordinator74, pilot_map.pilot, "B")
    assert response.status_code == 404
    auth.logout()
    response = client.get(f"/pilots/{pilot_map.pilot.id}/solutions.xlsx")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = _download(client, auth, world.federal_consultant, pilot_map.pilot, "B")
    assert response.status_code == 200


def test_a_bad_layout_is_named_and_never_replaced(world, client, auth, pilot_map):
    response = _download(client, auth, world.regional_coordinator, pilot_map.pilot, "G")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "layout" in page and "full, A, B, C, D, E, F" in page


def test_api_export(world, api, pilot_map):
    url = f"/api/v1/pilots/{pilot_map.pilot.id}/solutions/export.xlsx"
    ws = xlsx_sheet(api.as_(world.working_group_member).get(url + "?layout=F"))
    assert _values(ws, 3) == HEADERS["F"]
    ws = xlsx_sheet(api.get(url))
    assert _values(ws, 3) == HEADERS["full"]
    response = api.get(url + "?layout=Z")
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["layout"]
    assert api.as_(world.coordinator74).get(url).status_code == 404
    assert api.get("/api/v1/pilots/999999/solutions/export.xlsx").status_code == 404
    api.headers = {}
    assert api.get(url).status_code == 401


def test_export_queries_do_not_grow_with_the_map(world, client, auth, pilot_map, count_queries):
    auth.login(world.regional_coordinator)
    url = f"/pilots/{pilot_map.pilot.id}/solutions.xlsx?layout=full"
    stage = factories.StageFactory(journey=pilot_map.done.stage.journey, position=3)
    measured = factories.MeasurementFactory(stage=stage)

    def add(count: int) -> None:
        for n in range(count):
            factories.SolutionFactory(
                pilot=pilot_map.pilot,
                stage=stage,
                pain_point=factories.PainPointFactory(stage=stage, description=f"Боль {n}"),
                owner="",
                owner_user=world.working_group_member,
                before_measurement=measured,
            )
        db.session.commit()

    add(1)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    add(8)
    with count_queries() as many:
        ws = xlsx_sheet(client.get(url))
    assert many["n"] == few["n"]
    assert ws.max_row == 3 + 5 + 9
    assert ws.cell(row=ws.max_row, column=6).value == world.working_group_member.full_name
