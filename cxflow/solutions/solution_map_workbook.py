"""A pilot's solution map as an Excel workbook, in the column layouts the 2021 regions used
(seed 001 §2.3 and its digest §2.8, seed 003) or with every column ("full").

One row per solution. In the regions' layouts the stage, its number and the pain point span
the rows of their solutions (merged cells), as in the seeds' tables; E and F group the rows
under tier headings first. The full layout repeats every value, so that it can be filtered.

Titles are Russian: they are the methodology's forms, not interface text. Every string is a
text cell, never a formula (a title such as =HYPERLINK(…) would run in the reader's Excel).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cxflow.core.errors import ValidationError
from cxflow.core.spreadsheets import STATUS_NAMES, put, saved
from cxflow.journeys.services.measurements import describe
from cxflow.pilots.models import Pilot
from cxflow.solutions import services
from cxflow.solutions.models import Solution, Tier

HEADER_ROW = 3  # title, pilot, then the header
ONGOING = "постоянно"

# Tier headings: seed 001 slides L5112, L7721, L7749 (variant E) and seed 003 L229 (variant F,
# whose other rows are «Карта решений. Планируется в 2022 году»: E's headings are used for them).
TIER_HEADINGS_E = {
    Tier.quick_win: "Быстрые победы",
    Tier.long_term: "На перспективу",
    Tier.deferred: "Отложенные решения",
}
TIER_HEADINGS_F = TIER_HEADINGS_E | {Tier.quick_win: "«Быстрые» решения"}
TIER_NAMES = {
    Tier.quick_win: "быстрая победа",
    Tier.long_term: "на перспективу",
    Tier.deferred: "отложенное решение",
}
VERDICT_NAMES = {
    "not_measured": "не измерено",
    "not_comparable": "нельзя сравнить (нет оценки)",
    "improved": "улучшилось",
    "unchanged": "без изменений",
    "worse": "ухудшилось",
}


@dataclass(frozen=True)
class Row:
    """A solution with what its cells need: the group numbers count stages / pain points."""

    solution: Solution
    overdue: bool
    number: int  # the solution's place in the list
    stage_number: int
    pain_number: int


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    value: Callable[[Row], object]
    # Rows with the same key (consecutive) share one merged cell: "stage" or "pain".
    group: str | None = None


@dataclass(frozen=True)
class Layout:
    key: str
    description: object  # interface text (lazy)
    columns: tuple[Column, ...]
    headings: dict[Tier, str] | None = None  # group the rows under tier headings


# --- cell values ------------------------------------------------------------------------------


def _dmy(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def deadline(solution: Solution) -> dt.date | str | None:
    """A due date (a real date), a window «01.11.2021 – 31.12.2021», or «постоянно»."""
    due = solution.due_date
    if solution.ongoing:
        return f"{ONGOING}, до {_dmy(due)}" if due else ONGOING
    if solution.window_start and due:
        return f"{_dmy(solution.window_start)} – {_dmy(due)}"
    return due


def _stage(row: Row) -> str:
    return row.solution.stage.title if row.solution.stage else ""


def _pain(row: Row) -> str:
    return row.solution.pain_point.description if row.solution.pain_point else ""


def _owner(row: Row) -> str:
    s = row.solution
    return s.owner or (s.owner_user.full_name if s.owner_user else "")


def _status(row: Row) -> str:
    name = STATUS_NAMES.get(row.solution.status, row.solution.status)
    return f"{name}, просрочено" if row.overdue else name


def _effect(row: Row) -> str:
    result = services.effect(row.solution)
    if result.before is None and result.after is None:
        return ""
    before = describe(result.before) if result.before else "—"
    after = describe(result.after) if result.after else "—"
    return f"{VERDICT_NAMES[result.verdict]}: {before} → {after}"


def _col(title: str, width: int, value, group: str | None = None) -> Column:
    return Column(title, width, value, group)


def _stage_col(title: str) -> Column:
    return _col(title, 28, _stage, "stage")


def _pain_col(title: str) -> Column:
    return _col(title, 45, _pain, "pain")


def _solution_col(title: str) -> Column:
    return _col(title, 60, lambda r: r.solution.solution)


def _deadline_col(title: str) -> Column:
    return _col(title, 24, lambda r: deadline(r.solution))


def _stage_number(title: str) -> Column:
    return _col(title, 6, lambda r: r.stage_number, "stage")


# --- the layouts (seed 001 digest §2.8; header wording from the Russian sources) ------------

LAYOUTS: dict[str, Layout] = {
    layout.key: layout
    for layout in (
        Layout(
            "full",
            _l("Every column: stage, pain point, solution, result, owner, due, tier, status"),
            (
                _col("№", 6, lambda r: r.number),
                _stage_col("Этап пути клиента"),
                _pain_col("Болевая точка"),
                _solution_col("Решение"),
                _col("Планируемый результат", 40, lambda r: r.solution.planned_result),
                _col("Ответственный", 30, _owner),
                _deadline_col("Срок"),
                _col("Вид решения", 18, lambda r: TIER_NAMES[r.solution.tier]),
                _col("Статус", 20, _status),
                _col("Дата выполнения", 14, lambda r: r.solution.done_on),
                _col("Эффект", 45, _effect),
            ),
        ),
        # Bryansk L322–324, Vladimir L393–395: one number per pain point.
        Layout(
            "A",
            _l("A: No. · pain point · solutions (Bryansk, Vladimir)"),
            (
                _col("№ п/п", 6, lambda r: r.pain_number, "pain"),
                _pain_col("«Болевая» точка"),
                _solution_col("Карта решений"),
            ),
        ),
        # Nizhny Novgorod L552–554, Orenburg L1137–1139, Chelyabinsk L1265–1267.
        Layout(
            "B",
            _l("B: No. · stage · pain points · solutions (Nizhny Novgorod, Chelyabinsk)"),
            (
                _stage_number("№"),
                _stage_col("Этап пути"),
                _pain_col("Выявленные болевые точки"),
                _solution_col("Карта решений"),
            ),
        ),
        # Udmurtia L648–653.
        Layout(
            "C",
            _l("C: No. · stage · pain point · tools · planned result (Udmurtia)"),
            (
                _stage_number("№ п/п"),
                _stage_col("Стадия клиентского опыта"),
                _pain_col("Выявленная проблема «болевая точка»"),
                _solution_col("Инструменты по улучшению качества"),
                _col("Планируемый результат", 40, lambda r: r.solution.planned_result),
            ),
        ),
        # Lipetsk L1090–1092 (the employer's route).
        Layout(
            "D",
            _l("D: route stage · employer's pain points · ways to solve (Lipetsk)"),
            (
                _stage_col("Стадии маршрута"),
                _pain_col("Болевые точки работодателя"),
                _solution_col("Способы решения"),
            ),
        ),
        # Bryansk slides L5112, L7723 («Этап | Болевая точка | Мероприятие | Сроки»).
        Layout(
            "E",
            _l("E: by tier (quick wins, long term, deferred) · stage · pain point · measure · due"),
            (
                _stage_col("Этап"),
                _pain_col("Болевая точка"),
                _solution_col("Мероприятие"),
                _deadline_col("Сроки"),
            ),
            TIER_HEADINGS_E,
        ),
        # Seed 003 L196 (OCR of the same slide: seed 001 L6514–6523).
        Layout(
            "F",
            _l(
                "F: quick solutions first · stage · pain points · solutions · due (Nizhny Novgorod)"
            ),
            (
                _stage_col("Этап клиентского пути"),
                _pain_col("Выявленные болевые точки"),
                _solution_col("Решения"),
                _deadline_col("Срок реализации"),
            ),
            TIER_HEADINGS_F,
        ),
    )
}


def layout_of(value: str | None) -> Layout:
    """The layout named by `value` ("full", or A–F in either case); 422 naming `layout`."""
    key = (value or "full").strip()
    key = key.lower() if key.lower() == "full" else key.upper()
    if key not in LAYOUTS:
        raise ValidationError(
            {"layout": _l("Choose one of the layouts: %(keys)s.", keys=", ".join(LAYOUTS))}
        )
    return LAYOUTS[key]


# --- writing ----------------------------------------------------------------------------------


def _numbered(rows: Iterable[tuple[Solution, bool]]) -> list[Row]:
    """Number the solutions, and the stages and pain points in the order they first come."""
    stages: dict[object, int] = {}
    pains: dict[object, int] = {}
    numbered = []
    for index, (solution, overdue) in enumerate(rows, start=1):
        stage_key = solution.stage_id
        pain_key = (solution.stage_id, solution.pain_point_id)
        stages.setdefault(stage_key, len(stages) + 1)
        pains.setdefault(pain_key, len(pains) + 1)
        numbered.append(Row(solution, overdue, index, stages[stage_key], pains[pain_key]))
    return numbered


def _group_key(row: Row, group: str):
    if group == "stage":
        return row.solution.stage_id
    return (row.solution.stage_id, row.solution.pain_point_id)


def _write_rows(ws, layout: Layout, rows: list[Row], first: int) -> int:
    """Write `rows` from sheet row `first`, merging each group column's runs; returns the
    next free row."""
    for offset, row in enumerate(rows):
        for index, column in enumerate(layout.columns, start=1):
            put(ws, first + offset, index, column.value(row))
    if layout.key == "full":
        return first + len(rows)
    for index, column in enumerate(layout.columns, start=1):
        if column.group is None:
            continue
        start = 0
        for end in range(1, len(rows) + 1):
            if end == len(rows) or _group_key(rows[end], column.group) != _group_key(
                rows[start], column.group
            ):
                if end - start > 1:
                    ws.merge_cells(
                        start_row=first + start,
                        end_row=first + end - 1,
                        start_column=index,
                        end_column=index,
                    )
                start = end
    return first + len(rows)


def _title(pilot: Pilot) -> str:
    # As the regions titled their maps (seed 001 L263, L321, L1263).
    return (
        f"{pilot.region.name}. Карта решений и «быстрых побед» "
        "для преодоления барьеров на пути клиента"
    )


def solution_map_workbook(pilot: Pilot, rows: list[tuple[Solution, bool]], layout: str) -> bytes:
    """The map of `services.solution_map(actor, pilot)` rows in the layout `layout`."""
    chosen = layout_of(layout)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Карта решений"
    width = len(chosen.columns)
    put(ws, 1, 1, _title(pilot), bold=True)
    put(ws, 2, 1, f"{pilot.title} ({pilot.region.code} {pilot.region.name})")
    for index, column in enumerate(chosen.columns, start=1):
        put(ws, HEADER_ROW, index, column.title, bold=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    numbered = _numbered(rows)
    next_row = HEADER_ROW + 1
    if chosen.headings is None:
        _write_rows(ws, chosen, numbered, next_row)
    else:
        for tier, heading in chosen.headings.items():
            part = [r for r in numbered if r.solution.tier == tier]
            if not part:
                continue
            put(ws, next_row, 1, heading, bold=True)
            if width > 1:
                ws.merge_cells(
                    start_row=next_row, end_row=next_row, start_column=1, end_column=width
                )
            next_row = _write_rows(ws, chosen, part, next_row + 1)
    return saved(workbook)
