"""A filled checklist exported in the layout of seed 004 §3 (L151–L157 header and table,
L197–L198 maximum and sum, L200 conclusion): an Excel workbook that openpyxl reads back with
text cells only, and a PDF whose laid-out text is Cyrillic."""

import datetime as dt
import re
import zlib
from urllib.parse import unquote

from weasyprint.formatting_structure import boxes

from cxflow.core import pdf
from cxflow.core.extensions import db
from cxflow.maturity.services import assessment_exports
from cxflow.maturity.services import assessments as services
from tests.helpers import EVIL, xlsx_sheet

ANSWERS = {
    "profiles": "one",
    "routes": "none",
    "feedback": "sources_1_2",
    "committee": "regular",
    "training": ["leaders_intro", "trainings"],
    "events": "irregular",
    "knowledge_bank": "none",
    "motivation": "code_only",
}  # 2 + 2 + 5 = 9


def assessment(world, **fields):
    data = {
        "filled_on": dt.date(2026, 11, 20),
        "filled_by": "Иванова Анна Петровна, начальник отдела",
        "conclusion": "Система управления клиентским опытом в начале пути.",
        "answers": [
            {"item": k, "answer": v}
            | ({"evidence_url": "https://szn52.example/p"} if k == "profiles" else {})
            for k, v in ANSWERS.items()
        ],
    } | fields
    made = services.create_assessment(world.regional_coordinator, world.r52, data)
    db.session.commit()
    return made


def rows_of(sheet) -> list[tuple]:
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_is_the_seeds_form_filled_in(world, client, auth):
    made = assessment(world)
    auth.login(world.manager)
    response = client.get(f"/maturity/assessments/{made.id}/export.xlsx")
    sheet = xlsx_sheet(response)
    disposition = unquote(response.headers["Content-Disposition"])
    assert "самооценка-52-2026-11-20.xlsx" in disposition
    rows = rows_of(sheet)
    assert rows[0][0].startswith("Чек-лист самооценки реализации системы управления")
    assert rows[1][:2] == ("Субъект РФ", "52 Нижегородская область")
    assert rows[2][0] == "Дата заполнения" and rows[2][1].date() == dt.date(2026, 11, 20)
    assert rows[3][:2] == ("Исполнитель", "Иванова Анна Петровна, начальник отдела")
    assert rows[5][:4] == (
        "№ п/п",
        "Блоки мероприятий",
        "Проверяемый параметр",
        "Баллы (возможные варианты)",
    )
    first = rows[6]
    assert first[0] == 1 and first[1].startswith("Система анализа качества клиентского опыта")
    assert first[2] == "Составлены и внедрены профили клиентских групп"
    assert first[3:7] == ("Да, один профиль", 1, "✓", 1)
    assert first[7] == "https://szn52.example/p"
    ticked = [r[3] for r in rows if len(r) > 5 and r[5] == "✓"]
    assert (
        "Проведено стартовое обучение для ведущих сотрудников СЗН (введение в "
        "клиентоцентричность)" in ticked
    )
    assert len(ticked) == 9  # one per item, two for training
    totals = {
        r[2]: r[6]
        for r in rows
        if len(r) > 6 and isinstance(r[2], str) and r[2].startswith("Итого")
    }
    assert list(totals.values()) == [2, 2, 5]
    assert ("Максимально возможный балл", 30) in [(r[2], r[6]) for r in rows if len(r) > 6]
    assert ("СУММА БАЛЛОВ", 9) in [(r[2], r[6]) for r in rows if len(r) > 6]
    assert rows[-2][0] == "ЗАКЛЮЧИТЕЛЬНАЯ ОЦЕНКА (в свободной форме)"
    assert rows[-1][0] == "Система управления клиентским опытом в начале пути."


def test_user_text_is_never_a_formula(world, client, auth):
    made = assessment(world, filled_by=EVIL, conclusion=EVIL)
    auth.login(world.regional_coordinator)
    sheet = xlsx_sheet(client.get(f"/maturity/assessments/{made.id}/export.xlsx"))
    cells = [c for row in sheet.iter_rows() for c in row if c.value == EVIL]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


def inflated_streams(data: bytes) -> list[bytes]:
    """Every Flate-compressed stream of a PDF, decompressed."""
    found = []
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            found.append(zlib.decompress(data[match.end() : end]))
        except zlib.error:
            continue
    return found


def text_of(document) -> str:
    """The text of a laid-out document, in reading order."""
    parts = []
    for page in document.pages:
        parts.extend(
            box.text for box in page._page_box.descendants() if isinstance(box, boxes.TextBox)
        )
    return " ".join(parts)


def test_the_pdf_holds_the_form_in_cyrillic(world, client, auth, app):
    made = assessment(world)
    auth.login(world.manager)
    response = client.get(f"/maturity/assessments/{made.id}/export.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and len(response.data) > 5_000
    streams = inflated_streams(response.data)
    assert any(b"DejaVu" in stream for stream in streams)  # the font is embedded
    unicode_maps = [s for s in streams if b"beginbfchar" in s or b"beginbfrange" in s]
    assert any(re.search(rb"<04[1-4][0-9A-Fa-f]>", m) for m in unicode_maps)  # А–я mapped
    with app.test_request_context():
        document = pdf.render_document(
            "maturity/assessment_pdf.html",
            "maturity/assessment_pdf.css",
            **assessment_exports.document(made),
        )
    assert document.pages[0].width > document.pages[0].height  # the stylesheet's A4 landscape
    text = text_of(document)
    for words in (
        "Чек-лист самооценки",
        "Субъект РФ",
        "52 Нижегородская область",
        "Исполнитель",
        "Иванова Анна Петровна",
        "Да, один профиль",
        "Максимально возможный балл",
        "СУММА БАЛЛОВ",
        "ЗАКЛЮЧИТЕЛЬНАЯ ОЦЕНКА",
        "в начале пути",
    ):
        assert words in text, words


def test_the_pdf_never_fetches_a_url(app):
    with app.test_request_context():
        fetcher = pdf._fetcher()
    try:
        fetcher.fetch("http://127.0.0.1:1/secret")
    except ValueError as error:
        assert "disallowed protocol" in str(error)
    else:
        raise AssertionError("fetched")
