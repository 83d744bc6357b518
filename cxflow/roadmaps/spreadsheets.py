"""Roadmaps as Excel workbooks: the roadmap (seed 001 App. 3, seed 004 §2), the monitoring report
(seed 001 App. 5) and the results report (App. 6) to download, and a roadmap read back from a
workbook in the roadmap's own layout.

Sheet and column titles are Russian: they are the methodology's forms, not interface text.
Every string is written as a text cell, never as a formula: openpyxl stores a value starting
with "=" as a formula, and a title such as =HYPERLINK(…) would run in the reader's Excel.
"""

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from cxflow.calendar.services import MAX_WORKING_DAYS
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.spreadsheets import (
    STATUS_NAMES,
    append,
    saved,
    sheet,
)
from cxflow.pilots.models import Pilot
from cxflow.roadmaps import services
from cxflow.roadmaps.methodology import templates
from cxflow.roadmaps.models import Activity, ActivityKind
from cxflow.roadmaps.reports import MonitoringReport
from cxflow.users.models import User

MAX_IMPORT_ROWS = 2_000  # far more than any roadmap; more is a wrong file
HEADER_SEARCH_ROWS = 30  # the header row is looked for among the first rows of a sheet
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # a roadmap unpacks to well under 1 MB

KIND_NAMES = {
    ActivityKind.heading: "раздел",
    ActivityKind.activity: "мероприятие",
    ActivityKind.checkpoint: "контрольная точка",
}

# The roadmap: key -> column title; the import recognises these and the seeds' own titles.
ROADMAP_COLUMNS = {
    "number": "№",
    "title": "Мероприятие, контрольная точка",
    "kind": "Вид (раздел/мероприятие/контрольная точка)",
    "duration": "Длительность, рабочих дней",
    "start": "Дата начала",
    "due": "Срок",
    "responsible": "Ответственный",
    "result": "Результат / подтверждающий документ",
    "status": "Статус",
    "note": "Примечание",
}
ROADMAP_WIDTHS = (9, 60, 20, 14, 13, 13, 30, 50, 16, 40)
# Normalised beginnings of header cells, e.g. seed 004's «Срок реализации мероприятий, …» and
# «ФИО/должность ответственного исполнителя», seed 001 App. 3's «№ п/п». «Статус» is not read:
# statuses change only through the activity workflow, with its history.
HEADER_PREFIXES = {
    "number": ("№",),
    "title": ("мероприятие",),
    "kind": ("вид",),
    "duration": ("длительность",),
    "start": ("дата начала",),
    "due": ("срок",),
    "responsible": ("ответственный", "фио"),
    "result": ("результат",),
    "note": ("примечание",),
}

RESULTS_COLUMNS = (
    "№ п/п",
    "Мероприятие",
    "Результат",
    "Дата исполнения",
    "Примечание (доп. материалы, приложения)",
)
RESULTS_WIDTHS = (9, 60, 50, 15, 50)

NUMBER = re.compile(r"\d{1,4}(\.\d{1,4}){0,7}")  # "2.1.5"; depth and size fit sort_key
NUMBER_MESSAGE = _l("Write the number as 1, 2.1 or 2.1.5.")
DATE_MESSAGE = _l("Write the date as DD.MM.YYYY.")


# --- writing ----------------------------------------------------------------------------------


def _region(pilot: Pilot) -> str:
    return f"{pilot.region.code} {pilot.region.name}"


def _status(activity: Activity, overdue: bool) -> str:
    if activity.kind == ActivityKind.heading:
        return ""
    return STATUS_NAMES["overdue"] if overdue else STATUS_NAMES.get(activity.status, "")


def _responsible(activity: Activity) -> str:
    if activity.responsible or activity.responsible_user is None:
        return activity.responsible
    return activity.responsible_user.full_name


def roadmap_workbook(pilot: Pilot, rows: list[tuple[Activity, bool]]) -> bytes:
    """The roadmap with `services.roadmap(pilot)` rows; `import_roadmap` reads it back."""
    workbook, ws = sheet("Дорожная карта", ROADMAP_WIDTHS)
    append(ws, [pilot.title], bold=True)
    append(ws, [_region(pilot)])
    append(ws, ROADMAP_COLUMNS.values(), bold=True)
    for activity, overdue in rows:
        append(
            ws,
            [
                activity.number,
                activity.title,
                KIND_NAMES[activity.kind],
                activity.duration_working_days,
                activity.start_date,
                activity.due_date,
                _responsible(activity),
                activity.result,
                _status(activity, overdue),
                activity.note,
            ],
        )
    return saved(workbook)


def _region_columns(pilots: list[Pilot]) -> list[str]:
    """«Статус реализации: 52 Нижегородская область»; with the pilot's title if a region has
    two pilots in the report."""
    codes = [p.region.code for p in pilots]
    titles = []
    for pilot in pilots:
        title = f"Статус реализации: {_region(pilot)}"
        titles.append(f"{title} ({pilot.title})" if codes.count(pilot.region.code) > 1 else title)
    return titles


def monitoring_workbook(report: MonitoringReport) -> bytes:
    """The monitoring report of seed 001 App. 5: one status column per pilot region."""
    widths = (9, 60, 50, *(22 for _ in report.pilots), 40)
    workbook, ws = sheet("Отчет о мониторинге", widths)
    append(ws, ["Отчет о мониторинге реализации мероприятий пилотной апробации"], bold=True)
    if report.template_key:
        append(ws, [templates()[report.template_key].title])
    append(ws, ["№ п/п", "Мероприятие", "Результат", *_region_columns(report.pilots), "Примечание"])
    for row in report.rows:
        statuses = [STATUS_NAMES.get(row.statuses.get(p.id, ""), "") for p in report.pilots]
        append(ws, [row.number, row.title, row.result, *statuses, ""])
    return saved(workbook)


def _attachments(activity: Activity) -> str:
    """The note and the names of the documents attached to the line."""
    parts = [activity.note] if activity.note else []
    if activity.deliverables:
        parts.append("Приложения: " + "; ".join(d.title for d in activity.deliverables))
    return "\n".join(parts)


def _text_part(ws, title: str, text: str) -> None:
    append(ws, [])
    append(ws, [title], bold=True)
    for line in (text or "").splitlines():
        if line.strip():
            append(ws, [None, line.strip()])


def results_workbook(pilot: Pilot, rows: list[tuple[Activity, bool]]) -> bytes:
    """The results report of seed 001 App. 6: the roadmap's results, remarks, effects."""
    workbook, ws = sheet("Отчет о результатах", RESULTS_WIDTHS)
    append(ws, [pilot.title], bold=True)
    append(ws, [_region(pilot)])
    append(
        ws,
        ["1. Отчет о результатах исполнения мероприятий в соответствии с дорожной картой"],
        bold=True,
    )
    append(ws, RESULTS_COLUMNS, bold=True)
    for activity, _overdue in rows:
        append(
            ws,
            [
                activity.number,
                activity.title,
                activity.result,
                activity.completed_on,
                _attachments(activity),
            ],
        )
    _text_part(ws, "2. Замечания/предложения/дополнения", pilot.results_remarks)
    _text_part(ws, "3. Эффекты от реализации, бонусы", pilot.results_effects)
    return saved(workbook)


# --- reading ----------------------------------------------------------------------------------


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


@dataclass
class Line:
    """One row of an imported roadmap."""

    row: int
    number: str | None
    title: str
    kind: ActivityKind | None
    start: dt.date | None
    duration: int | None
    due: dt.date | None
    responsible: str
    result: str
    note: str

    @property
    def parent_number(self) -> str | None:
        if self.number is None:
            return None
        return self.number.rpartition(".")[0] or None

    @property
    def path(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.number.split("."))


def _normal(value) -> str:
    return " ".join(_text(value).lower().replace("ё", "е").split())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value) -> str | None:
    text = _text(value).rstrip(".")
    if not NUMBER.fullmatch(text):
        raise ValueError(text)
    return ".".join(str(int(part)) for part in text.split("."))


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = _parse_date(value.strip()) if value.strip() else None
    elif value is not None and not isinstance(value, dt.date):
        raise ValueError(value)  # a bare number is not a date
    if value is not None and not 2000 <= value.year <= 2100:
        raise ValueError(value)
    return value


def _parse_date(text: str) -> dt.date:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _whole(value) -> int | None:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"[-+]?\d{1,9}", text):
        raise ValueError(value)
    return int(text)


def _kind(value) -> ActivityKind | None:
    text = _normal(value)
    if not text:
        return None
    names = {name: kind for kind, name in KIND_NAMES.items()} | {k.value: k for k in ActivityKind}
    if text not in names:
        raise ValueError(text)
    return names[text]


def _bounded(limit: int):
    def parse(value) -> str:
        text = _text(value)
        if len(text) > limit:
            raise ValueError(text)
        return text

    return parse


def _header(values: tuple) -> dict[str, tuple[int, str]] | None:
    """Column key -> (index, title in the file), if `values` is the header row."""
    columns: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(values):
        text = _normal(value)
        for key, prefixes in HEADER_PREFIXES.items():
            if key not in columns and text.startswith(prefixes):
                columns[key] = (index, _text(value))
                break
    return columns if {"number", "title"} <= set(columns) else None


def _is_column_numbering(values: tuple) -> bool:
    """The row «1 | 2 | 3 | …» that numbers the columns under the header in the seeds' forms."""
    filled = [_text(v) for v in values if _text(v)]
    return bool(filled) and filled == [str(i) for i in range(1, len(filled) + 1)]


def _not_a_workbook() -> ValidationError:
    return ValidationError({"file": _l("The file is not an Excel workbook (.xlsx).")})


def _open(stream: BinaryIO | None):
    """The workbook, read-only; a zip that unpacks to more than any roadmap is refused."""
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


def _rows_of(ws) -> list[tuple[int, tuple]]:
    """The sheet's rows as (row number, values), at most MAX_IMPORT_ROWS below the header."""
    rows = []
    for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
        if number > HEADER_SEARCH_ROWS + MAX_IMPORT_ROWS:
            message = _l("The file has more than %(max)s rows.", max=MAX_IMPORT_ROWS)
            raise ValidationError({"file": message})
        rows.append((number, values))
    return rows


def _below_header(rows: list[tuple[int, tuple]]):
    """The header's columns and the data rows under it, or None if the sheet has no header."""
    for position, (_row, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _header(values)
        if columns:
            data = [
                (number, values)
                for number, values in rows[position + 1 :]
                if any(_text(x) for x in values) and not _is_column_numbering(values)
            ]
            return columns, data
    return None


def _table(stream: BinaryIO | None) -> tuple[dict[str, tuple[int, str]], list[tuple[int, tuple]]]:
    """The columns and data rows of the first sheet that has the roadmap's header row."""
    workbook = _open(stream)
    try:
        for ws in workbook.worksheets:
            found = _below_header(_rows_of(ws))
            if found:
                return found
    except ValidationError:
        raise
    except Exception:  # a broken sheet inside a valid zip
        raise _not_a_workbook() from None
    finally:
        workbook.close()
    raise ValidationError(
        {"file": _l("No header row with the columns «№» and «Мероприятие» was found.")}
    )


def _parse_row(row: int, values: tuple, columns: dict, problems: list[Problem]) -> Line:
    def parse(key: str, parser, message):
        index, title = columns.get(key, (None, ""))
        value = values[index] if index is not None and index < len(values) else None
        try:
            return parser(value)
        except ValueError:
            problems.append(Problem(row, title, str(message)))
            return None

    line = Line(
        row=row,
        number=parse("number", _number, NUMBER_MESSAGE),
        title=parse("title", _text, ""),
        kind=parse("kind", _kind, _l("Choose activity, checkpoint or heading.")),
        start=parse("start", _date, DATE_MESSAGE),
        duration=parse("duration", _whole, _l("Enter a whole number of working days.")),
        due=parse("due", _date, DATE_MESSAGE),
        responsible=parse("responsible", _bounded(300), _l("At most %(max)s characters.", max=300))
        or "",
        result=parse("result", _text, ""),
        note=parse("note", _text, ""),
    )
    for key, message in _rules(line):
        problems.append(Problem(row, columns[key][1], str(message)))
    return line


def _rules(line: Line) -> list[tuple[str, object]]:
    """(column key, message) for each rule a parsed row breaks."""
    broken = []
    if not line.title:
        broken.append(("title", _l("Enter a title.")))
    if line.duration is not None and line.duration < 1:
        broken.append(("duration", _l("At least one working day.")))
    elif line.duration is not None and line.duration > MAX_WORKING_DAYS:
        broken.append(("duration", _l("Must be between 1 and %(max)s.", max=MAX_WORKING_DAYS)))
    if line.start and line.due and line.due < line.start:
        broken.append(("due", _l("The due date is before the start date.")))
    return broken


def _check_tree(lines: list[Line], title: str, problems: list[Problem]) -> None:
    """Numbers are unique and every nested number's parent is in the file."""
    first_row: dict[str, int] = {}
    for line in lines:
        if line.number is None:
            continue
        if line.number in first_row:
            message = _l(
                "The number %(number)s is already used in row %(row)s.",
                number=line.number,
                row=first_row[line.number],
            )
            problems.append(Problem(line.row, title, str(message)))
        else:
            first_row[line.number] = line.row
    for line in lines:
        if line.parent_number and line.parent_number not in first_row:
            message = _l(
                "There is no line %(number)s to nest this line under.", number=line.parent_number
            )
            problems.append(Problem(line.row, title, str(message)))


def read_roadmap(stream: BinaryIO | None) -> list[Line]:
    """Every row of the file, checked; all the problems at once as RowErrors."""
    columns, rows = _table(stream)
    if not rows:
        raise ValidationError({"file": _l("The file has no roadmap lines.")})
    problems: list[Problem] = []
    lines = [_parse_row(row, values, columns, problems) for row, values in rows]
    _check_tree(lines, columns["number"][1], problems)
    if problems:
        raise RowErrors(problems)
    parents = {line.parent_number for line in lines}
    for line in lines:
        line.kind = line.kind or _implied_kind(line, line.number in parents)
    return sorted(lines, key=lambda line: line.path)


def _implied_kind(line: Line, has_children: bool) -> ActivityKind:
    """An empty «Вид»: dates tell an activity from a checkpoint; a dateless parent is a section."""
    if line.start or line.duration:
        return ActivityKind.activity
    if line.due:
        return ActivityKind.checkpoint
    return ActivityKind.heading if has_children else ActivityKind.activity


def _schedule(line: Line, region_id: int) -> None:
    line.start, line.duration, line.due = services.schedule(
        line.kind, line.start, line.duration, line.due, region_id
    )


def _same_lines(existing: list[Activity], lines: list[Line]) -> dict[int, Activity]:
    """Rows of the file that are lines already in the roadmap (same title; the same number
    first): they keep their status, completion date, documents and template link."""
    free: dict[str, list[Activity]] = {}
    for activity in existing:
        free.setdefault(_normal(activity.title), []).append(activity)
    same: dict[int, Activity] = {}
    for exact in (True, False):
        for index, line in enumerate(lines):
            candidates = free.get(_normal(line.title), [])
            match = next((a for a in candidates if not exact or a.number == line.number), None)
            if match is not None and index not in same:
                candidates.remove(match)
                same[index] = match
    return same


def _replace(pilot: Pilot, lines: list[Line]) -> None:
    """Make the roadmap's lines the file's lines (`lines` are parents first)."""
    same = _same_lines(list(pilot.activities), lines)
    kept = set(same.values())
    for activity in kept:  # out of their old sections first: deleting a section deletes its lines
        activity.parent = None
    db.session.flush()
    for activity in pilot.activities:
        if activity not in kept:
            db.session.delete(activity)  # its documents stay with the pilot
    db.session.flush()
    by_number: dict[str, Activity] = {}
    for index, line in enumerate(lines):
        activity = same.get(index) or Activity(pilot=pilot, region_id=pilot.region_id)
        values = {
            "parent": by_number.get(line.parent_number) if line.parent_number else None,
            "position": line.path[-1],  # renumber() then closes gaps in the numbering
            "number": line.number,
            "kind": line.kind,
            "title": line.title,
            "start_date": line.start,
            "duration_working_days": line.duration,
            "due_date": line.due,
            "responsible": line.responsible,
            "result": line.result,
            "note": line.note,
        }
        for key, value in values.items():
            setattr(activity, key, value)
        db.session.add(activity)
        by_number[line.number] = activity
    db.session.flush()
    db.session.expire(pilot, ["activities"])


def import_roadmap(actor: User, pilot: Pilot, stream: BinaryIO | None) -> list[Activity]:
    """Replace the pilot's roadmap lines with the rows of an .xlsx in the roadmap's layout.

    Only a draft roadmap, by a user who may edit it. Nothing changes unless every row is valid.
    """
    services._require_draft(actor, pilot)
    lines = read_roadmap(stream)
    for line in lines:
        _schedule(line, pilot.region_id)
    _replace(pilot, lines)
    services.renumber(pilot)
    return [activity for activity, _overdue in services.roadmap(pilot)]
