"""The index boards as Excel workbooks (issue #16 "Exports"): the scores, office × indicator,
and the comparison table of seed 002 §2.3. Column titles are Russian like the other report
workbooks; every string is a text cell, never a formula (cxflow.core.spreadsheets)."""

import datetime as dt
from typing import IO

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cxflow.core.spreadsheets import DATE_FORMAT, MAX_CELL_TEXT, append, saved, saved_file, sheet
from cxflow.dashboards.services.index_board import Board, BoardRow, Comparison, result_cell
from cxflow.index.services.index import IndicatorResult
from cxflow.orgs.models import Network

NETWORKS = {Network.centralized: "централизованная", Network.decentralized: "децентрализованная"}
LEVELS = {"office": "ЦЗН", "managing_office": "регион (управляющий ЦЗН)"}
YES, NO = "да", "нет"
# index_board.STATES as the workbooks write them: in Russian, whatever the page's language
STATE_NAMES = {
    "value": None,
    "suspended": "приостановлен",
    "not_chosen": "не выбран",
    "too_few": "мало ответов",
    "not_filled": "чек-лист не заполнен",
    "absent": "нет в этой версии методики",
    "no_period": "нет периода",
}

SCORE_COLUMNS = (
    ("Код региона", 8),
    ("Регион", 28),
    ("Сеть", 16),
    ("ЦЗН", 32),
    ("Уровень", 16),
    ("Методика", 16),
    ("Версия методики", 9),
    ("Начало периода", 12),
    ("Конец периода", 12),
    ("№", 7),
    ("Ключ показателя", 24),
    ("Показатель", 40),
    ("Ответов за период (ЦЗН; регион)", 12),
    ("n (ответов на вопрос)", 10),
    ("Доля положительных (8–10)", 11),
    ("Мало ответов", 8),
    ("Объективные баллы", 10),
    ("Макс. объективных", 10),
    ("Балл", 9),
    ("Макс.", 9),
    ("Состояние", 22),
    ("Приостановлен", 8),
    ("Аннулирован", 8),
    ("Причина аннулирования", 36),
)


def _append_plain(ws, values) -> None:
    """`spreadsheets.append` without the wrap style: a text cell is still text, never a
    formula, a date still DD.MM.YYYY, but a row of 24 cells costs half as much (the scores of
    85 regions are ~43,000 rows; benchmarks/README.md)."""
    cells = []
    for value in values:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT] or None
            if value is not None:
                value = WriteOnlyCell(ws, value=value)
                value.data_type = "s"
        elif isinstance(value, dt.date):
            value = WriteOnlyCell(ws, value=value)
            value.number_format = DATE_FORMAT
        cells.append(value)
    ws.append(cells)


def _result_values(result: IndicatorResult) -> list:
    subjective = result.subjective if result.indicator.has_subjective else None
    objective = result.objective
    cell = result_cell(result)
    return [
        subjective.responses if subjective else None,
        subjective.share if subjective else None,
        (YES if subjective.too_few else NO) if subjective else None,
        objective.score if objective else None,
        result.indicator.objective_max if objective else None,
        result.score.score,
        result.score.max,
        STATE_NAMES[cell.state],
        YES if result.suspended else NO,
    ]


def _score_lines(row: BoardRow):
    region, period, index = row.region, row.period, row.index
    head = [region.code, region.name, NETWORKS.get(region.network, str(region.network))]
    version = [index.methodology.key, index.methodology.version, period.start, period.end]
    for office in sorted(index.offices, key=lambda o: o.office.name):
        reason = office.annulment.reason if office.annulment else None
        for result in office.results:
            yield [
                *head,
                office.office.name,
                LEVELS["office"],
                *version,
                result.indicator.number,
                result.indicator.key,
                result.indicator.title,
                office.responses,
                *_result_values(result),
                YES if office.annulled else NO,
                reason,
            ]
    managing = index.managing_office
    managing_index = row.office(managing.id) if managing else None
    reason = managing_index.annulment.reason if managing_index and managing_index.annulled else None
    for result in index.regional:
        yield [
            *head,
            managing.name if managing else None,
            LEVELS["managing_office"],
            *version,
            result.indicator.number,
            result.indicator.key,
            result.indicator.title,
            index.responses,
            *_result_values(result),
            YES if reason else NO,
            reason,
        ]


def scores_workbook(report: Board) -> IO[bytes]:
    """Every office × indicator of the regions' periods on the board, then each region's
    managing-office indicators once (seed 002 remarks #1, #35); a file, as it can be long."""
    workbook, ws = sheet("Баллы", [width for _title, width in SCORE_COLUMNS])
    append(ws, [title for title, _width in SCORE_COLUMNS], bold=True)
    for row in report.with_period:
        for line in _score_lines(row):
            _append_plain(ws, line)
    notes = workbook.create_sheet("Пояснения")
    notes.column_dimensions["A"].width = 120
    for text in _notes(report):
        append(notes, [text])
    return saved_file(workbook)


def _notes(report: Board) -> list[str]:
    chosen = (
        f"Периоды: у каждого региона период, содержащий {report.on:%d.%m.%Y}."
        if report.on
        else "Периоды: у каждого региона его последний период."
    )
    return [
        "Баллы индекса клиентоцентричности (методика пилотной апробации 2022 г., отчёт ФЦК).",
        chosen,
        "Доля положительных — ответы 8–10 среди данных ответов (пустые и «не применимо» "
        "не учитываются); при числе ответов меньше минимума показатель не учитывается.",
        "Балл — субъективная часть (доля × её максимум) плюс объективные баллы; пустой балл "
        "означает, что показатель не учитывается (приостановлен, не выбран регионом, "
        "мало ответов или чек-лист не заполнен), а не 0.",
        "Аннулирован — решение ФЦК о недостоверных данных: все баллы ЦЗН за период равны 0.",
        "Показатели уровня «регион (управляющий ЦЗН)» заполняются в управляющем ЦЗН и "
        "приводятся один раз на регион.",
    ]


def comparison_workbook(table: Comparison) -> bytes:
    """The comparison table as on the page: a column per region, the means and the maximum
    possible (the indicator's maximum, seed 002 §2.3)."""
    regions = table.regions
    widths = (8, 48, *(16 for _ in regions), 14, 14, 14, 14)
    workbook, ws = sheet("Сравнительная таблица", widths)
    append(ws, ["Сравнительная таблица оценки показателей клиентоцентричности"], bold=True)
    append(ws, [_notes(table.board)[1]])
    header = ["№", "Показатели клиентоцентричности"]
    for row in regions:
        network = NETWORKS.get(row.region.network, "")
        header.append(
            f"{row.region.code} {row.region.name} ({network}), "
            f"{row.period.start:%d.%m.%Y}–{row.period.end:%d.%m.%Y}"
        )
    header += [f"Среднее ({NETWORKS[network]})" for network in Network]
    header += ["Средний полученный балл", "Максимально возможное значение"]
    append(ws, header, bold=True)
    for group in table.groups:
        append(ws, [f"{group.number}.", group.title], bold=True)
        for line in group.lines:
            cells = [line.cells[row.region.id] for row in regions]
            append(
                ws,
                [
                    line.indicator.number,
                    line.indicator.title,
                    *(c.score if c.score is not None else STATE_NAMES[c.state] for c in cells),
                    *(line.network_means[network][0] for network in Network),
                    line.mean,
                    line.max_possible,
                ],
            )
    return saved(workbook)
