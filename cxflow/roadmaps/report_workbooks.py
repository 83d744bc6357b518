"""The reports of the pilots as Excel workbooks to download: the monitoring report (seed 001
App. 5) and a pilot's results report (App. 6).

Sheet and column titles are Russian: they are the methodology's forms, not interface text.
Every string is written as a text cell, never as a formula (cxflow.core.spreadsheets).
"""

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cxflow.core.spreadsheets import STATUS_NAMES, append, put, saved, sheet
from cxflow.pilots.models import Pilot
from cxflow.roadmaps.models import Activity
from cxflow.roadmaps.reports import MonitoringReport, note_text

RESULTS_COLUMNS = (
    "№ п/п",
    "Мероприятие",
    "Результат",
    "Дата исполнения",
    "Примечание (доп. материалы, приложения)",
)
RESULTS_WIDTHS = (9, 60, 50, 15, 50)


def _region(pilot: Pilot) -> str:
    return f"{pilot.region.code} {pilot.region.name}"


# --- the monitoring report --------------------------------------------------------------------


def _region_columns(pilots: list[Pilot]) -> list[str]:
    """«52 Нижегородская область»; with the pilot's title if a region has two pilots in the
    report."""
    codes = [p.region.code for p in pilots]
    titles = []
    for pilot in pilots:
        title = _region(pilot)
        titles.append(f"{title} ({pilot.title})" if codes.count(pilot.region.code) > 1 else title)
    return titles


def monitoring_workbook(report: MonitoringReport) -> bytes:
    """The monitoring report in the layout of its form (seed 001 App. 5): the form's title, the
    columns «№ п/п | Мероприятие | Результат | Статус реализации в пилотных субъектах |
    Примечание» numbered 1–5 as in the form, one status column per pilot region under the
    fourth, the form's rows in its order numbered 1…n."""
    regions = max(len(report.pilots), 1)
    note_column = 4 + regions
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Отчет о мониторинге"
    for index, width in enumerate((9, 60, 50, *(22 for _ in range(regions)), 40), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    put(ws, 1, 1, report.title, bold=True)
    for column, title in ((1, "№ п/п"), (2, "Мероприятие"), (3, "Результат")):
        put(ws, 2, column, title, bold=True)
        ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    put(ws, 2, 4, "Статус реализации в пилотных субъектах", bold=True)
    if regions > 1:
        ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=3 + regions)
    for offset, title in enumerate(_region_columns(report.pilots)):
        put(ws, 3, 4 + offset, title, bold=True)
    put(ws, 2, note_column, "Примечание", bold=True)
    ws.merge_cells(start_row=2, start_column=note_column, end_row=3, end_column=note_column)
    for column, number in ((1, "1"), (2, "2"), (3, "3"), (note_column, "5")):
        put(ws, 4, column, number)
    for offset in range(regions):
        put(ws, 4, 4 + offset, "4")
    for index, row in enumerate(report.rows, start=5):
        put(ws, index, 1, row.position)
        put(ws, index, 2, row.title)
        put(ws, index, 3, row.result)
        for offset, pilot in enumerate(report.pilots):
            put(ws, index, 4 + offset, STATUS_NAMES.get(row.statuses.get(pilot.id, ""), ""))
        put(ws, index, note_column, note_text(report, row))
    return saved(workbook)


# --- the results report -----------------------------------------------------------------------


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
