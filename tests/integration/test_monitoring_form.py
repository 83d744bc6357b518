"""The monitoring report in its form's own layout (issue #17 §3; seed 001 App. 5, L1754–1854):
its title, its 15 rows in its order (without roadmap lines 1.4 and 1.5, the final webinar last),
the order as template data, «Примечание» carrying the line's note — page, API and XLSX alike."""

from cxflow.roadmaps.methodology import templates
from tests.helpers import by_number, create_pilot, page_text, xlsx_sheet

TITLE = (
    "Отчет о мониторинге проведения пилотной апробации по направлению "
    "«Совершенствование пути клиента»"
)
# The form's rows as the seed writes them (their «Мероприятие» beginnings and «Результат»).
APP_5 = [
    ("Участие в установочном вебинаре", "список участников вебинара"),
    ("Формирование состава рабочей группы", "состав рабочей группы"),
    ("Определение целевой аудитории", "целевая аудитория"),
    ("Выявление (уточнение) клиентских показателей", "перечень клиентских показателей"),
    ("Проведение совещания №1", "протокол совещания"),
    ("Составление портрета клиента", "портрет клиента"),
    ("Составление пути клиента", "путь (маршрут) клиента"),
    ("Проведение совещания №2", "протокол совещания"),
    ("Проведение замеров качества", "оценка качества клиентского опыта"),
    ("Составление карты решений", "карта решений"),
    ("Проведение совещания №3", "протокол совещания"),
    ("Реализация инструментов (минимум одного)", "описание инструмента (ов)"),
    ("Мониторинг реализации инструмента (ов)", "описание эффективности"),
    ("Проведение совещания №4", "протокол совещания"),
    ("Участие в итоговом вебинаре", "список участников вебинара"),
]


def _noted(api, pilot, number, note):
    line = by_number(pilot)[number]
    response = api.patch(
        f"/api/v1/activities/{line['id']}", json={"note": note, "version": line["version"]}
    )
    assert response.status_code == 200, response.json


def test_the_rows_are_the_forms_own_in_its_order():
    template = templates()["journey-2021"]
    assert template.monitoring.title == TITLE
    rows = template.monitoring_rows()
    assert len(rows) == 15 and {"1.4", "1.5"}.isdisjoint(r.number for r in rows)
    assert rows[-1].number == "1.2"  # the final webinar, last
    for item, (title, result) in zip(rows, APP_5, strict=True):
        assert item.title.startswith(title), item.number
        assert item.result.lower().startswith(result), item.number


def test_without_a_form_the_typical_roadmaps_lines(world):
    rows = templates()["index-2022"].monitoring_rows()
    assert [r.number for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]  # no optional line


def test_the_api_gives_the_forms_title_rows_and_notes(world, api):
    api.as_(world.regional_coordinator)
    pilot = create_pilot(api, world.r52, start="2030-02-04")
    _noted(api, pilot, "2.4", "Портрет согласован с НКО «Инватур»")
    report = api.as_(world.federal_consultant).get("/api/v1/reports/monitoring?direction=journey")
    body = report.json
    assert body["title"] == TITLE and body["source"] == "seed 001, Приложение 5"
    assert [r["position"] for r in body["rows"]] == list(range(1, 16))
    assert [r["number"] for r in body["rows"]] == [
        "1.1", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10",
        "2.11", "2.12", "1.2",
    ]  # fmt: skip
    portrait = body["rows"][5]
    assert portrait["notes"] == {str(pilot["id"]): "Портрет согласован с НКО «Инватур»"}


def test_the_page_and_the_workbook_in_the_forms_layout(world, api, client, auth):
    p52 = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    _noted(api, p52, "1.2", "Вебинар 20.10")
    p74 = create_pilot(api.as_(world.coordinator74), world.r74, title="МЛС", start="2030-02-04")
    _noted(api, p74, "1.2", "Запись вебинара")
    auth.login(world.federal_consultant)
    page = client.get("/reports/monitoring?direction=journey").get_data(as_text=True)
    text = page_text(page)
    assert TITLE in text and "Статус реализации в пилотных субъектах" in text
    assert "Примечание" in text and "52: Вебинар 20.10" in text and "74: Запись вебинара" in text
    assert text.index("Участие в итоговом вебинаре") > text.index("Проведение совещания №4")

    ws = xlsx_sheet(client.get("/reports/monitoring.xlsx?direction=journey"))
    assert ws["A1"].value == TITLE
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == list(range(1, 16))
    last = rows[-1]
    assert last[1].startswith("Участие в итоговом вебинаре")
    assert last[5] == "52: Вебинар 20.10\n74: Запись вебинара"
    assert "Формирование состава рабочей группы" in rows[1][1]


def test_one_regions_note_without_its_code(world, api, client, auth):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    _noted(api, pilot, "2.1", "Инвалиды 50+")
    auth.login(world.regional_coordinator)
    ws = xlsx_sheet(client.get("/reports/monitoring.xlsx?direction=journey"))
    third = next(ws.iter_rows(min_row=7, max_row=7, values_only=True))
    assert third[0] == 3 and third[4] == "Инвалиды 50+"
