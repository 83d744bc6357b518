"""XLSX reading shared by every import: an upload opened safely, the header row found by the
beginnings of its titles, the rows under it, cells parsed as text, dates and whole numbers, and
every broken cell reported at once by row and column (`RowErrors`)."""

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from cxflow.core.errors import ValidationError

HEADER_SEARCH_ROWS = 30  # the header row is looked for among the first rows of a sheet
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # the forms unpack to well under 1 MB
DATE_MESSAGE = _l("Write the date as DD.MM.YYYY.")

Columns = dict[str, tuple[int, str]]  # column key -> (index, title in the file)
Rows = list[tuple[int, tuple]]  # (the sheet's row number, values)


@dataclass(frozen=True)
class Header:
    """How an import finds its table: the normalised beginnings of each column's title, the
    columns the header row must have, and what to say when no sheet has such a row."""

    prefixes: dict[str, tuple[str, ...]]
    required: frozenset[str]
    missing: object  # the message (lazy)


@dataclass
class Problem:
    row: int  # the spreadsheet's row number
    column: str  # the column's title in the file
    message: str


class RowErrors(ValidationError):
    """Problems of an imported file, one per cell: fields are «row 7: Срок»."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: p.row)
        fields: dict[str, list[str]] = {}
        for problem in self.problems:
            fields.setdefault(f"row {problem.row}: {problem.column}", []).append(problem.message)
        super().__init__(fields)


# --- cells: a parser returns the value or raises ValueError -----------------------------------


def normalised(value) -> str:
    """The cell's text, lower case, «ё» as «е», single spaces: for comparing titles."""
    return " ".join(parse_text(value).lower().replace("ё", "е").split())


def parse_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = _date_of_text(value.strip()) if value.strip() else None
    elif value is not None and not isinstance(value, dt.date):
        raise ValueError(value)  # a bare number is not a date
    if value is not None and not 2000 <= value.year <= 2100:
        raise ValueError(value)
    return value


def _date_of_text(text: str) -> dt.date:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_whole(value) -> int | None:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    text = parse_text(value)
    if not text:
        return None
    if not re.fullmatch(r"[-+]?\d{1,9}", text):
        raise ValueError(value)
    return int(text)


def text_at_most(limit: int) -> Callable[[object], str]:
    """A parser of text of at most `limit` characters."""

    def parse(value) -> str:
        text = parse_text(value)
        if len(text) > limit:
            raise ValueError(text)
        return text

    return parse


def cell_parser(row: int, values: tuple, columns: Columns, problems: list[Problem]):
    """parse(key, parser, message): the row's cell of column `key` through `parser`; a cell the
    parser refuses is added to `problems` with `message` and read as None."""

    def parse(key: str, parser: Callable, message):
        index, title = columns.get(key, (None, ""))
        value = values[index] if index is not None and index < len(values) else None
        try:
            return parser(value)
        except ValueError:
            problems.append(Problem(row, title, str(message)))
            return None

    return parse


# --- the table --------------------------------------------------------------------------------


def _columns(values: tuple, header: Header) -> Columns | None:
    """The columns of `values`, if it is the header row."""
    columns: Columns = {}
    for index, value in enumerate(values):
        text = normalised(value)
        for key, prefixes in header.prefixes.items():
            if key not in columns and text.startswith(prefixes):
                columns[key] = (index, parse_text(value))
                break
    return columns if header.required <= set(columns) else None


def _is_column_numbering(values: tuple) -> bool:
    """The row «1 | 2 | 3 | …» that numbers the columns under the header in the seeds' forms."""
    filled = [parse_text(v) for v in values if parse_text(v)]
    return bool(filled) and filled == [str(i) for i in range(1, len(filled) + 1)]


def _not_a_workbook() -> ValidationError:
    return ValidationError({"file": _l("The file is not an Excel workbook (.xlsx).")})


def open_workbook(stream: BinaryIO | None):
    """The workbook, read-only; a zip that unpacks to more than any form is refused."""
    if stream is None:
        raise ValidationError({"file": _l("Choose an .xlsx file.")})
    data = BytesIO(stream.read())
    try:
        with zipfile.ZipFile(data) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise _not_a_workbook()
        return load_workbook(data, read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a file that is not a workbook
        raise _not_a_workbook() from None


def _rows_of(ws, max_rows: int) -> Rows:
    """The sheet's rows, at most `max_rows` below the header."""
    rows = []
    for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
        if number > HEADER_SEARCH_ROWS + max_rows:
            message = _l("The file has more than %(max)s rows.", max=max_rows)
            raise ValidationError({"file": message})
        rows.append((number, values))
    return rows


def _below_header(rows: Rows, header: Header) -> tuple[Columns, Rows] | None:
    """The header's columns and the data rows under it, or None if the sheet has no header."""
    for position, (_row, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _columns(values, header)
        if columns:
            data = [
                (number, values)
                for number, values in rows[position + 1 :]
                if any(parse_text(x) for x in values) and not _is_column_numbering(values)
            ]
            return columns, data
    return None


def read_table(stream: BinaryIO | None, header: Header, max_rows: int) -> tuple[Columns, Rows]:
    """The columns and data rows of the first sheet that has the `header` row."""
    workbook = open_workbook(stream)
    try:
        for ws in workbook.worksheets:
            found = _below_header(_rows_of(ws, max_rows), header)
            if found:
                return found
    except ValidationError:
        raise
    except Exception:  # a broken sheet inside a valid zip
        raise _not_a_workbook() from None
    finally:
        workbook.close()
    raise ValidationError({"file": header.missing})
