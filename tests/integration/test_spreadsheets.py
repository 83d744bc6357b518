"""Roadmaps as Excel workbooks: the three exports read back with openpyxl, formula safety,
the roadmap import (round trip, row errors, nothing half-saved), permissions and the API."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from cxflow.calendar.services import add_working_days, working_days_between
from tests.helpers import EVIL, api_error, by_number, create_pilot, xlsx_sheet

ROADMAP_HEADER = [
    "№",
    "Мероприятие, контрольная точка",
    "Вид (раздел/мероприятие/контрольная точка)",
    "Длительность, рабочих дней",
    "Дата начала",
    "Срок",
    "Ответственный",
    "Результат / подтверждающий документ",
    "Статус",
    "Примечание",
]


def _rows_below(ws, first_cell: str) -> tuple[int, list]:
    """The number of the row whose column A is `first_cell`, and the rows after it."""
    for row in ws.iter_rows():
        if row[0].value == first_cell:
            return row[0].row, list(ws.iter_rows(min_row=row[0].row + 1))
    raise AssertionError(first_cell)


def _values(row) -> list:
    return [cell.value for cell in row]


def _day(value) -> str | None:
    return value.date().isoformat() if value else None


def _workbook(rows: list[list], header=ROADMAP_HEADER) -> bytes:
    """A roadmap file as a user would type it: a title line, the header, then `rows`."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Дорожная карта ЦЗН"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _upload(client, url, body: bytes, name="roadmap.xlsx", headers=None):
    return client.post(
        url,
        data={"file": (io.BytesIO(body), name)},
        content_type="multipart/form-data",
        headers=headers or {},
    )


def _lines(api, pilot_id) -> list[tuple]:
    items = api.get(f"/api/v1/pilots/{pilot_id}/activities").json["items"]
    return [
        (
            a["number"],
            a["kind"],
            a["title"],
            a["start_date"],
            a["duration_working_days"],
            a["due_date"],
            a["responsible"],
            a["result"],
            a["note"],
        )
        for a in items
    ]


# --- exports ----------------------------------------------------------------------------------


def test_roadmap_export_follows_the_form(world, api, client, auth):
    pilot = create_pilot(
        api.as_(world.regional_coordinator), world.r52, start="2030-02-04", title=EVIL
    )
    line = by_number(pilot)["2.1"]
    api.patch(
        f"/api/v1/activities/{line['id']}",
        json={"title": EVIL, "note": "=1+1", "version": line["version"]},
    )
    auth.login(world.working_group_member)
    response = client.get(f"/pilots/{pilot['id']}/roadmap.xlsx")
    ws = xlsx_sheet(response)
    assert "filename*=UTF-8''%D0%94%D0%BE%D1%80" in response.headers["Content-Disposition"]
    assert ws.title == "Дорожная карта"
    assert ws["A1"].value == EVIL and ws["A1"].data_type == "s"
    assert ws["A2"].value == "52 Нижегородская область"
    header_row, rows = _rows_below(ws, "№")
    assert _values(ws[header_row]) == ROADMAP_HEADER
    rows_by_number = {row[0].value: row for row in rows}
    assert len(rows_by_number) == len(pilot["activities"])
    heading, first = rows_by_number["1"], rows_by_number["2.1"]
    assert _values(heading)[:3] == ["1", pilot["activities"][0]["title"], "раздел"]
    assert heading[8].value is None  # a section has no status
    # formula injection refused: user text is a string cell, never a formula
    assert first[1].value == EVIL and first[1].data_type == "s"
    assert first[9].value == "=1+1" and first[9].data_type == "s"
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert first[2].value == "мероприятие" and first[8].value == "запланировано"
    assert first[3].value == line["duration_working_days"]
    for cell, key in ((first[4], "start_date"), (first[5], "due_date")):
        assert cell.is_date and cell.number_format == "DD.MM.YYYY"
        assert _day(cell.value) == line[key]
    assert first[6].value == line["responsible"] and first[7].value == line["result"]


def test_overdue_and_done_lines_are_named_in_russian(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2025-01-09")
    lines = by_number(pilot)
    api.post(f"/api/v1/activities/{lines['2.1']['id']}/transitions", json={"event": "complete"})
    ws = xlsx_sheet(api.get(f"/api/v1/pilots/{pilot['id']}/roadmap.xlsx"))
    statuses = {row[0].value: row[8].value for row in _rows_below(ws, "№")[1]}
    assert statuses["2.2"] == "просрочено" and statuses["2.1"] == "выполнено"


def test_results_report_has_three_parts(world, api, client, auth):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    line = by_number(pilot)["2.3"]
    api.as_(world.working_group_member)
    # meeting No. 1 closed by hand: with its protocol attached to the line
    api.post(
        f"/api/v1/activities/{line['id']}/deliverables",
        json={"kind": "protocol", "title": "Протокол КФТ №1", "url": "https://example.org/1.pdf"},
    )
    api.post(f"/api/v1/activities/{line['id']}/transitions", json={"event": "complete"})
    api.as_(world.regional_coordinator).patch(
        f"/api/v1/pilots/{pilot['id']}",
        json={
            "results_remarks": "Сократить анкету\n\nДобавить вебинар",
            "results_effects": "=SUM(A1:A9)",
            "version": pilot["version"],
        },
    )
    done = api.get(f"/api/v1/pilots/{pilot['id']}/activities").json["items"]
    completed_on = next(a["completed_on"] for a in done if a["id"] == line["id"])
    auth.login(world.manager)
    ws = xlsx_sheet(client.get(f"/pilots/{pilot['id']}/results-report.xlsx"))
    assert ws.title == "Отчет о результатах"
    header_row, rows = _rows_below(ws, "№ п/п")
    assert _values(ws[header_row]) == [
        "№ п/п",
        "Мероприятие",
        "Результат",
        "Дата исполнения",
        "Примечание (доп. материалы, приложения)",
    ]
    assert ws.cell(header_row - 1, 1).value.startswith("1. Отчет о результатах исполнения")
    row = next(r for r in rows if r[0].value == "2.3")
    assert row[2].value == line["result"]
    assert _day(row[3].value) == completed_on and row[3].number_format == "DD.MM.YYYY"
    assert row[4].value == "Приложения: Протокол КФТ №1"
    texts = [_values(r)[:2] for r in rows]
    part2 = texts.index(["2. Замечания/предложения/дополнения", None])
    assert texts[part2 + 1 : part2 + 3] == [[None, "Сократить анкету"], [None, "Добавить вебинар"]]
    part3 = texts.index(["3. Эффекты от реализации, бонусы", None])
    assert texts[part3 + 1] == [None, "=SUM(A1:A9)"]
    assert rows[-1][1].data_type == "s"


def test_monitoring_report_shows_only_visible_regions(world, api, client, auth):
    create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    create_pilot(
        api.as_(world.coordinator74), world.r74, title="Путь клиента — молодёжь", start="2025-01-09"
    )
    auth.login(world.federal_consultant)
    ws = xlsx_sheet(client.get("/reports/monitoring.xlsx?direction=journey"))
    assert ws.title == "Отчет о мониторинге"
    assert ws["A1"].value == (
        "Отчет о мониторинге проведения пилотной апробации по направлению "
        "«Совершенствование пути клиента»"
    )
    header_row, rows = _rows_below(ws, "№ п/п")
    assert _values(ws[header_row]) == [
        "№ п/п",
        "Мероприятие",
        "Результат",
        "Статус реализации в пилотных субъектах",
        None,  # merged over the regions' columns
        "Примечание",
    ]
    assert _values(rows[0])[3:5] == ["52 Нижегородская область", "74 Челябинская область"]
    assert _values(rows[1]) == ["1", "2", "3", "4", "4", "5"]  # the form's column numbers
    body = rows[2:]
    third = body[2]  # row 3 of the form: the target audience (roadmap line 2.1)
    assert third[0].value == 3 and third[1].value.startswith("Определение целевой аудитории")
    assert [third[3].value, third[4].value] == ["запланировано", "просрочено"]
    assert len(body) == 15  # seed 001 App. 5: 15 rows, lines 1.4 and 1.5 not among them

    ws = xlsx_sheet(api.as_(world.regional_coordinator).get("/api/v1/reports/monitoring.xlsx"))
    header_row, rows = _rows_below(ws, "№ п/п")
    assert _values(ws[header_row])[3:] == ["Статус реализации в пилотных субъектах", "Примечание"]
    assert _values(rows[0])[3] == "52 Нижегородская область"
    assert not any("Челябинская" in str(cell.value) for row in ws.iter_rows() for cell in row)
    api_error(api.get("/api/v1/reports/monitoring.xlsx?direction=nope"), 422, "validation_error")


# --- import -----------------------------------------------------------------------------------


def test_export_then_import_round_trips(world, api, client, auth):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    line = by_number(pilot)["2.1"]
    api.post(f"/api/v1/activities/{line['id']}/transitions", json={"event": "complete"})
    before = _lines(api, pilot["id"])
    ids = [a["id"] for a in api.get(f"/api/v1/pilots/{pilot['id']}/activities").json["items"]]
    auth.login(world.regional_coordinator)
    exported = client.get(f"/pilots/{pilot['id']}/roadmap.xlsx").data
    assert client.get(f"/pilots/{pilot['id']}/roadmap/import").status_code == 200
    response = _upload(client, f"/pilots/{pilot['id']}/roadmap/import", exported)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/pilots/{pilot['id']}")
    assert _lines(api, pilot["id"]) == before
    after = api.get(f"/api/v1/pilots/{pilot['id']}/activities").json["items"]
    assert [a["id"] for a in after] == ids  # the same lines: status and documents are kept
    assert next(a for a in after if a["id"] == line["id"])["status"] == "done"


def test_a_renamed_section_keeps_its_lines(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    old = by_number(pilot)
    workbook = openpyxl.load_workbook(
        io.BytesIO(api.get(f"/api/v1/pilots/{pilot['id']}/roadmap.xlsx").data)
    )
    ws = workbook.active
    section = next(row for row in ws.iter_rows() if row[0].value == "2")
    section[1].value = "Мероприятия по пути клиента"
    ws.append(["2.13", "Совещание КФТ №5", "контрольная точка", None, None, dt.date(2030, 12, 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(api, f"/api/v1/pilots/{pilot['id']}/roadmap/import", buffer.getvalue())
    assert response.status_code == 200, response.json
    new = {a["number"]: a for a in response.json["items"]}
    assert new["2"]["title"] == "Мероприятия по пути клиента" and new["2"]["id"] != old["2"]["id"]
    assert new["2.1"]["id"] == old["2.1"]["id"] and new["2.1"]["parent_id"] == new["2"]["id"]
    assert new["2.13"]["due_date"] == "2030-12-01" and new["2.13"]["parent_id"] == new["2"]["id"]
    assert len(new) == len(old) + 1


def test_import_replaces_the_lines(world, api):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    old = by_number(pilot)["2.2"]
    api.post(
        f"/api/v1/activities/{old['id']}/deliverables",
        json={"kind": "other", "title": "Список КПЭ", "url": "https://example.org/kpi.pdf"},
    )
    body = _workbook(
        [
            ["1.", "Подготовка", "раздел", None, None, None, "", "", "", ""],
            ["1.1", "Приказ о пилоте", "", 5, dt.date(2026, 12, 28), None, "Петров", "Приказ"],
            ["1.2", "Рабочая группа", "контрольная точка", None, None, "15.01.2027"],
            [],
            ["2", "Путь клиента"],
            ["2.1", "Портрет клиента", "мероприятие", None, "01.02.2027", "12.02.2027"],
            ["4", "Итоги", None, None, None, None, None, None, "запланировано", "сдать в ФЦК"],
        ]
    )
    api.as_(world.admin)
    response = _upload(api, f"/api/v1/pilots/{pilot['id']}/roadmap/import", body)
    assert response.status_code == 200, response.json
    assert [a["number"] for a in response.json["items"]] == ["1", "1.1", "1.2", "2", "2.1", "3"]
    region = world.r52.id
    assert _lines(api, pilot["id"]) == [
        ("1", "heading", "Подготовка", None, None, None, "", "", ""),
        # 28–30 December, then the New Year holidays: the due date follows the calendar
        (
            "1.1",
            "activity",
            "Приказ о пилоте",
            "2026-12-28",
            5,
            "2027-01-12",
            "Петров",
            "Приказ",
            "",
        ),
        ("1.2", "checkpoint", "Рабочая группа", None, None, "2027-01-15", "", "", ""),
        ("2", "heading", "Путь клиента", None, None, None, "", "", ""),
        (
            "2.1",
            "activity",
            "Портрет клиента",
            "2027-02-01",
            working_days_between(dt.date(2027, 2, 1), dt.date(2027, 2, 12), region),
            "2027-02-12",
            "",
            "",
            "",
        ),
        ("3", "activity", "Итоги", None, None, None, "", "", "сдать в ФЦК"),
    ]
    assert add_working_days(dt.date(2026, 12, 28), 5, region) == dt.date(2027, 1, 12)
    kept = api.get(f"/api/v1/pilots/{pilot['id']}/deliverables").json["items"]
    assert [(d["title"], d["activity_id"]) for d in kept] == [("Список КПЭ", None)]


def test_broken_rows_are_all_named_and_nothing_changes(world, api, client, auth):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    api.as_(world.regional_coordinator)
    before = _lines(api, pilot["id"])
    body = _workbook(
        [
            ["1", "", "раздел"],  # row 3
            ["1.1", "Приказ", "", None, "31.02.2027"],  # row 4
            ["1.2", "Совещание", "", 0],  # row 5
            ["1.3", "Анкета", "", -3],  # row 6
            ["1.4", "Портрет", "", None, "10.03.2027", "01.03.2027"],  # row 7
            ["3.1", "Вне раздела"],  # row 8
            ["1.1", "Приказ ещё раз"],  # row 9
            ["1.5", "Задача", "задача"],  # row 10
            ["x.1", "Номер с буквой", "", "пять"],  # row 11
        ]
    )
    response = _upload(api, f"/api/v1/pilots/{pilot['id']}/roadmap/import", body)
    fields = api_error(response, 422, "validation_error")["fields"]
    assert set(fields) == {
        "row 3: Мероприятие, контрольная точка",
        "row 4: Дата начала",
        "row 5: Длительность, рабочих дней",
        "row 6: Длительность, рабочих дней",
        "row 7: Срок",
        "row 8: №",
        "row 9: №",
        "row 10: Вид (раздел/мероприятие/контрольная точка)",
        "row 11: №",
        "row 11: Длительность, рабочих дней",
    }
    assert "3" in fields["row 8: №"][0] and "4" in fields["row 9: №"][0]
    assert _lines(api, pilot["id"]) == before

    auth.login(world.regional_coordinator)
    page = _upload(client, f"/pilots/{pilot['id']}/roadmap/import", body)
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'id="import-errors"' in html and '<th scope="row">11</th>' in html
    assert "Длительность, рабочих дней" in html
    assert _lines(api, pilot["id"]) == before


@pytest.mark.parametrize(
    ("body", "name"),
    [
        (b"%PDF-1.4 not a workbook", "roadmap.xlsx"),
        (_workbook([], header=["A", "B"]), "a.xlsx"),
        (_workbook([[str(n), "Строка"] for n in range(1, 2100)]), "long.xlsx"),
        (_zip({"word/document.xml": "<w:document/>"}), "document.xlsx"),
    ],
)
def test_a_wrong_file_is_refused(world, api, body, name):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    url = f"/api/v1/pilots/{pilot['id']}/roadmap/import"
    assert list(api_error(_upload(api, url, body, name), 422, "validation_error")["fields"]) == [
        "file"
    ]
    assert "file" in api_error(api.post(url), 422, "validation_error")["fields"]
    header_only = _workbook([])
    assert "file" in api_error(_upload(api, url, header_only), 422, "validation_error")["fields"]


def test_import_needs_a_draft_roadmap_and_the_right(world, api, client, auth):
    pilot = create_pilot(
        api.as_(world.regional_coordinator),
        world.r52,
        template="cx-system",
        direction="cx_system",
        start="2030-01-09",
    )
    exported = api.get(f"/api/v1/pilots/{pilot['id']}/roadmap.xlsx").data
    url = f"/pilots/{pilot['id']}/roadmap/import"

    auth.login(world.manager)
    assert client.get(url).status_code == 403
    assert _upload(client, url, exported).status_code == 403
    api_error(_upload(api.as_(world.manager), "/api/v1" + url, exported), 403, "forbidden")

    auth.logout()
    auth.login(world.coordinator74)
    assert client.get(url).status_code == 404
    assert client.get(f"/pilots/{pilot['id']}/roadmap.xlsx").status_code == 404
    assert client.get(f"/pilots/{pilot['id']}/results-report.xlsx").status_code == 404
    api.as_(world.coordinator74)
    api_error(_upload(api, "/api/v1" + url, exported), 404, "not_found")
    api_error(api.get(f"/api/v1/pilots/{pilot['id']}/roadmap.xlsx"), 404, "not_found")

    api.as_(world.regional_coordinator)
    api.post(
        f"/api/v1/pilots/{pilot['id']}/meetings",
        json={
            "number": 1,
            "held_on": "2026-02-10",
            "protocol": "Утвердили дорожную карту",
            "approves_roadmap": True,
        },
    )
    approved = api.post(
        f"/api/v1/pilots/{pilot['id']}/roadmap/transitions", json={"event": "approve"}
    )
    assert approved.status_code == 200, approved.json
    api_error(_upload(api, "/api/v1" + url, exported), 409, "conflict")
    auth.logout()
    auth.login(world.regional_coordinator)
    refused = _upload(client, url, exported)
    assert refused.status_code == 409 and "text/html" in refused.content_type
    page = client.get(url)
    assert page.status_code == 200 and 'type="file"' not in page.get_data(as_text=True)


def test_a_wrong_file_is_named_on_the_page(world, api, client, auth):
    pilot = create_pilot(api.as_(world.regional_coordinator), world.r52, start="2030-02-04")
    auth.login(world.admin)
    url = f"/pilots/{pilot['id']}/roadmap/import"
    page = client.get(url).get_data(as_text=True)
    assert (
        '<label class="form-label" for="file">' in page and 'aria-describedby="file-hint"' in page
    )
    for response in (_upload(client, url, b"junk", "x.xlsx"), client.post(url, data={})):
        assert response.status_code == 422
        assert 'href="#file"' in response.get_data(as_text=True)
        assert 'id="file-error"' in response.get_data(as_text=True)


def test_pages_need_sign_in(world, client):
    response = client.get("/reports/monitoring.xlsx")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
