"""XLSX writing shared by every workbook: typed cells (text is never a formula, dates show as
DD.MM.YYYY), column widths, the status names of the methodology's forms, the download."""

import datetime as dt
import tempfile
from collections.abc import Iterable
from io import BytesIO
from typing import IO

from flask import send_file
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

# Statuses as the seeds' monitoring forms write them (roadmap lines, solutions).
STATUS_NAMES = {
    "planned": "запланировано",
    "in_progress": "в работе",
    "done": "выполнено",
    "cancelled": "отменено",
    "overdue": "просрочено",
    "missing": "нет в дорожной карте",
}


def cell(ws, value, bold: bool = False) -> WriteOnlyCell:
    """A typed cell: text stays text (never a formula), a date shows as DD.MM.YYYY."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT] or None
    result = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        result.data_type = "s"
    elif isinstance(value, dt.date):
        result.number_format = DATE_FORMAT
    result.alignment = WRAP
    if bold:
        result.font = BOLD
    return result


def put(ws, row: int, column: int, value, bold: bool = False) -> None:
    """`cell` for a sheet written in any order (merged cells need one): typed, wrapped."""
    target = ws.cell(row=row, column=column)
    if isinstance(value, str):
        target.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT] or None
        if target.value is not None:
            target.data_type = "s"
    else:
        target.value = value
        if isinstance(value, dt.date):
            target.number_format = DATE_FORMAT
    target.alignment = WRAP
    if bold:
        target.font = BOLD


def append(ws, values: Iterable, bold: bool = False) -> None:
    ws.append([cell(ws, value, bold) for value in values])


def sheet(title: str, widths: Iterable[int]) -> tuple[Workbook, object]:
    """A new write-only workbook with one sheet of these column widths."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    return workbook, ws


def saved(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def saved_file(workbook: Workbook) -> IO[bytes]:
    """The workbook in an anonymous temporary file at its start: a large export is sent from
    disk, never held in memory (the file goes when the response closes it)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(out)
    out.seek(0)
    return out


def xlsx_download(body: bytes | IO[bytes], name: str):
    """The workbook (bytes, or a file sent in chunks) as an attachment named `name`."""
    stream = BytesIO(body) if isinstance(body, bytes) else body
    return send_file(stream, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=name)
