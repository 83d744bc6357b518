"""The roadmap as an Excel workbook (seed 001 App. 3, seed 004 §2) to download, and a roadmap
read back from a workbook in the same layout.

Sheet and column titles are Russian: they are the methodology's forms, not interface text.
Every string is written as a text cell, never as a formula: openpyxl stores a value starting
with "=" as a formula, and a title such as =HYPERLINK(…) would run in the reader's Excel.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from cxflow.calendar.services import MAX_WORKING_DAYS
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.spreadsheet_reading import (
    DATE_MESSAGE,
    Columns,
    Header,
    Problem,
    RowErrors,
    cell_parser,
    normalised,
    parse_date,
    parse_text,
    parse_whole,
    read_table,
    text_at_most,
)
from cxflow.core.spreadsheets import STATUS_NAMES, append, saved, sheet
from cxflow.pilots.models import Pilot
from cxflow.roadmaps import services
from cxflow.roadmaps.models import Activity, ActivityKind
from cxflow.users.models import User

MAX_IMPORT_ROWS = 2_000  # far more than any roadmap; more is a wrong file

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
HEADER = Header(
    prefixes={
        "number": ("№",),
        "title": ("мероприятие",),
        "kind": ("вид",),
        "duration": ("длительность",),
        "start": ("дата начала",),
        "due": ("срок",),
        "responsible": ("ответственный", "фио"),
        "result": ("результат",),
        "note": ("примечание",),
    },
    required=frozenset({"number", "title"}),
    missing=_l("No header row with the columns «№» and «Мероприятие» was found."),
)

NUMBER = re.compile(r"\d{1,4}(\.\d{1,4}){0,7}")  # "2.1.5"; depth and size fit sort_key
NUMBER_MESSAGE = _l("Write the number as 1, 2.1 or 2.1.5.")


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


# --- reading ----------------------------------------------------------------------------------


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


def _number(value) -> str | None:
    text = parse_text(value).rstrip(".")
    if not NUMBER.fullmatch(text):
        raise ValueError(text)
    return ".".join(str(int(part)) for part in text.split("."))


def _kind(value) -> ActivityKind | None:
    text = normalised(value)
    if not text:
        return None
    names = {name: kind for kind, name in KIND_NAMES.items()} | {k.value: k for k in ActivityKind}
    if text not in names:
        raise ValueError(text)
    return names[text]


def _parse_row(row: int, values: tuple, columns: Columns, problems: list[Problem]) -> Line:
    parse = cell_parser(row, values, columns, problems)
    too_long = _l("At most %(max)s characters.", max=300)
    line = Line(
        row=row,
        number=parse("number", _number, NUMBER_MESSAGE),
        title=parse("title", parse_text, ""),
        kind=parse("kind", _kind, _l("Choose activity, checkpoint or heading.")),
        start=parse("start", parse_date, DATE_MESSAGE),
        duration=parse("duration", parse_whole, _l("Enter a whole number of working days.")),
        due=parse("due", parse_date, DATE_MESSAGE),
        responsible=parse("responsible", text_at_most(300), too_long) or "",
        result=parse("result", parse_text, ""),
        note=parse("note", parse_text, ""),
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
    columns, rows = read_table(stream, HEADER, MAX_IMPORT_ROWS)
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
        free.setdefault(normalised(activity.title), []).append(activity)
    same: dict[int, Activity] = {}
    for exact in (True, False):
        for index, line in enumerate(lines):
            candidates = free.get(normalised(line.title), [])
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
