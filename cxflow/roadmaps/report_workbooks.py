"""The reports of the pilots as Excel workbooks to download: the monitoring report (seed 001
App. 5) and a pilot's results report (App. 6).

Sheet and column titles are Russian: they are the methodology's forms, not interface text.
Every string is written as a text cell, never as a formula (cxflow.core.spreadsheets).
"""

from cxflow.core.spreadsheets import STATUS_NAMES, append, saved, sheet
from cxflow.pilots.models import Pilot
from cxflow.roadmaps.methodology import templates
from cxflow.roadmaps.models import Activity
from cxflow.roadmaps.reports import MonitoringReport

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
