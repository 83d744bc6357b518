"""The consultation log as an Excel workbook in the columns of seed 001 App. 4.

Column titles are Russian: they are the methodology's form, not interface text. User text is
written as text cells, never as formulas (cxflow.core.spreadsheets).
"""

from cxflow.consultations import services
from cxflow.consultations.models import Consultation
from cxflow.core.extensions import db
from cxflow.core.spreadsheets import append, saved, sheet, xlsx_download
from cxflow.pilots.models import Direction
from cxflow.users.models import User

LOG_COLUMNS = (
    "№ п/п",
    "Направление пилотной апробации",
    "Субъект РФ",
    "Дата поступления вопроса",
    "Вопрос",
    "Дата ответа на вопрос",
    "Ответ",
)
LOG_WIDTHS = (8, 30, 30, 15, 70, 15, 70)
DIRECTION_NAMES = {
    Direction.journey: "Совершенствование пути клиента",
    Direction.culture: "Корпоративная культура внимания к внутреннему клиенту",
    Direction.index: "Измерение индекса клиентоцентричности",
    Direction.cx_system: "Создание системы управления клиентским опытом",
}


def _regions(consultation: Consultation) -> str:
    regions = [consultation.region, *consultation.other_regions]
    return "; ".join(f"{r.code} {r.name}" for r in regions)


def _question(consultation: Consultation) -> str:
    if consultation.topic:
        return f"{consultation.topic}\n{consultation.question}"
    return consultation.question


def log_workbook(rows: list[Consultation]) -> bytes:
    """Rows in the given order, numbered from 1; dates as DD.MM.YYYY."""
    workbook, ws = sheet("Журнал консультаций", LOG_WIDTHS)
    append(ws, LOG_COLUMNS, bold=True)
    for number, c in enumerate(rows, start=1):
        append(
            ws,
            (
                number,
                DIRECTION_NAMES.get(c.direction, str(c.direction)),
                _regions(c),
                c.received_on,
                _question(c),
                c.answered_on,
                c.answer,
            ),
        )
    return saved(workbook)


def export_file(user: User, args: dict):
    """The log as .xlsx, with the same filters and scoping as the list."""
    stmt = services.list_consultations(user, services.filters_from(args))
    body = log_workbook(list(db.session.scalars(stmt)))
    name = f"Журнал консультаций {services.moscow_today():%d.%m.%Y}.xlsx"
    return xlsx_download(body, name)
