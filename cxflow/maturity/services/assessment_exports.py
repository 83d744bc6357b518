"""A filled checklist as an Excel workbook and as a PDF, in the layout of seed 004 §3: the
header (Субъект РФ, Дата заполнения, Исполнитель, L151–L155), the table of L157 (item, block,
checked parameter, possible options with their points, the region's points), block totals,
the maximum and the sum (L197–L198), and the free-form conclusion (L200).

Titles are Russian: they are the methodology's form, not interface text. User text is written
as text cells, never as formulas (cxflow.core.spreadsheets)."""

from cxflow.core import pdf
from cxflow.core.spreadsheets import append, saved, sheet
from cxflow.maturity.models.assessments import MaturityAssessment
from cxflow.maturity.services import assessments as services

COLUMNS = (
    "№ п/п",
    "Блоки мероприятий",
    "Проверяемый параметр",
    "Баллы (возможные варианты)",
    "Баллы",
    "Отметка",
    "Балл субъекта РФ",
    "Подтверждение",
)
WIDTHS = (7, 30, 45, 60, 8, 9, 12, 40)
TICK = "✓"
SUBJECT, FILLED_ON, FILLED_BY = "Субъект РФ", "Дата заполнения", "Исполнитель"
BLOCK_TOTAL, MAXIMUM, TOTAL = "Итого по блоку", "Максимально возможный балл", "СУММА БАЛЛОВ"
CONCLUSION = "ЗАКЛЮЧИТЕЛЬНАЯ ОЦЕНКА (в свободной форме)"
TITLE = (
    "Чек-лист самооценки реализации системы управления клиентским опытом в региональной "
    "службе занятости населения"
)


def file_name(assessment: MaturityAssessment, extension: str) -> str:
    return f"самооценка-{assessment.region.code}-{assessment.filled_on:%Y-%m-%d}.{extension}"


def _evidence(row: services.AnswerRow) -> str:
    return row.answer.evidence_url or row.answer.evidence_name or ""


def _option_lines(row: services.AnswerRow) -> list[tuple[str, int | None, bool]]:
    """(option, its points, chosen) for every option of the item, in the seed's order."""
    if not row.options:  # an edition no longer loaded: only what was chosen is known
        return [(title, None, True) for title in row.chosen]
    chosen = set(row.answer.options)
    lines = [(o.title, o.points, o.code in chosen) for o in row.options]
    if not chosen and len(row.chosen) == 1:  # a multiple item with nothing ticked: «НЕТ (0)»
        lines.append((row.chosen[0], 0, True))
    return lines


def workbook(assessment: MaturityAssessment) -> bytes:
    assessment = services.load_full(assessment)
    book, ws = sheet("Чек-лист самооценки", WIDTHS)
    append(ws, [TITLE], bold=True)
    append(ws, [SUBJECT, f"{assessment.region.code} {assessment.region.name}"])
    append(ws, [FILLED_ON, assessment.filled_on])
    append(ws, [FILLED_BY, assessment.filled_by])
    append(ws, [])
    append(ws, COLUMNS, bold=True)
    for block in services.sheet(assessment):
        block_title = f"{block.title}, совокупно максим. балл - {block.max}"
        for row in block.rows:
            for index, (option, points, chosen) in enumerate(_option_lines(row)):
                first = index == 0
                append(
                    ws,
                    [
                        row.number if first else None,
                        block_title if first else None,
                        row.title if first else None,
                        option,
                        points,
                        TICK if chosen else None,
                        row.points if first else None,
                        _evidence(row) if first else None,
                    ],
                )
            block_title = ""
        append(ws, [None, None, f"{BLOCK_TOTAL}: {block.title}", None, None, None, block.score])
    append(ws, [None, None, MAXIMUM, None, None, None, assessment.max_score], bold=True)
    append(ws, [None, None, TOTAL, None, None, None, assessment.score], bold=True)
    append(ws, [])
    append(ws, [CONCLUSION], bold=True)
    append(ws, [assessment.conclusion or ""])
    return saved(book)


def document(assessment: MaturityAssessment) -> dict:
    """What the PDF template shows."""
    assessment = services.load_full(assessment)
    blocks = [
        (block, [(row, _option_lines(row)) for row in block.rows])
        for block in services.sheet(assessment)
    ]
    return {"assessment": assessment, "blocks": blocks, "title": TITLE}


def pdf_bytes(assessment: MaturityAssessment) -> bytes:
    return pdf.render_pdf(
        "maturity/assessment_pdf.html", "maturity/assessment_pdf.css", **document(assessment)
    )
