"""The federal maturity board as an Excel workbook: the same table as the page. Column titles
are Russian like the other report workbooks (cxflow.roadmaps.report_workbooks); every string
is written as a text cell, never as a formula (cxflow.core.spreadsheets)."""

from cxflow.core.spreadsheets import append, saved, sheet
from cxflow.dashboards.services.maturity import Board


def board_workbook(report: Board) -> bytes:
    widths = (10, 40, 10, 16, 12, *(18 for _ in report.blocks), 16)
    workbook, ws = sheet("Зрелость регионов", widths)
    append(ws, ["Уровень зрелости клиентоцентричности регионов"], bold=True)
    block_titles = [f"{title}, %" for _code, title in report.blocks]
    header = ["Код", "Регион", "Уровень", "Дата самооценки", "Баллы", *block_titles]
    append(ws, [*header, "Изменение"], bold=True)
    for row in report.rows:
        score = f"{row.score}/{row.max_score}" if row.score is not None else None
        blocks = [row.blocks.get(code) for code, _title in report.blocks]
        append(
            ws,
            [
                row.region.code,
                row.region.name,
                row.level_title,
                row.filled_on,
                score,
                *blocks,
                row.change,
            ],
        )
    return saved(workbook)
