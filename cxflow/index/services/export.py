"""A region's survey responses as an XLSX workbook (issue #15): one row per response in a FIXED
column catalogue, one column per question code, stable across methodology versions (a column
stays empty where a version lacks the question), so workbooks of different years line up.

Streamed in bounded memory: rows are read in batches (`yield_per`, a server-side cursor on
PostgreSQL) and written by openpyxl's write-only mode into an anonymous temporary file, which
the response then sends from disk."""

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from cxflow.core.clock import region_today
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.spreadsheets import append, cell, saved_file, sheet
from cxflow.index.models.surveys import SurveyFlag, SurveyResponse
from cxflow.index.services import questionnaire
from cxflow.orgs.models import Office, Region

BATCH = 2_000  # rows fetched at a time

# Codes, not titles: a column's code never changes; the second sheet says what each means.
HEAD = (
    "id",
    "office",
    "received_on",
    "respondent",
    "questionnaire_key",
    "questionnaire_version",
    "counted",
    "flag_status",
    "flag_reasons",
)
QUESTIONS = (
    *(f"q{n}" for n in range(1, 12)),
    "q12_used",
    "q12_score",
    "q13_used",
    "q13_score",
    "q13_issue",
    "q14",
    "q14_other",
    "q15_office",
    "q15_website",
    "q15_social",
    "q15_contact_center",
)
PROFILE = ("sex", "age", "categories", "ownership", "ownership_other", "size")
COLUMNS = (*HEAD, *QUESTIONS, *PROFILE, "comment")
WIDE = {"office": 30, "received_on": 12, "respondent": 10, "questionnaire_key": 14}
WIDE |= {"flag_reasons": 18, "q13_issue": 30, "q14_other": 30, "categories": 30}
WIDE |= {"age": 10, "ownership": 16, "ownership_other": 30, "comment": 60}
WIDTHS = tuple(WIDE.get(code, 9) for code in COLUMNS)

HEAD_TITLES = {
    "id": "Номер ответа",
    "office": "ЦЗН",
    "received_on": "Дата ответа (по времени региона)",
    "respondent": "Респондент: seeker — соискатель, employer — работодатель",
    "questionnaire_key": "Анкета (методика)",
    "questionnaire_version": "Версия анкеты",
    "counted": "Учитывается в подсчётах",
    "flag_status": "Отметка о подозрительном ответе: pending — ждёт проверки, "
    "accepted — принят, rejected — отклонён",
    "flag_reasons": "Причины отметки (burst, identical, too_fast, off_hours)",
    "comment": "Комментарий",
}


@dataclass(frozen=True)
class Filters:
    office_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def filters(
    region: Region,
    office_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Filters:
    """The export's filters checked: the office must be the region's, `from` ≤ `to`."""
    errors = {}
    if office_id is not None:
        office = db.session.get(Office, office_id)
        if office is None or office.region_id != region.id:
            errors["office_id"] = _l("No such office in this region.")
    if date_from and date_to and date_from > date_to:
        errors["to"] = _l("The period cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    return Filters(office_id, date_from, date_to)


def _statement(region: Region, f: Filters) -> sa.Select:
    conditions = [SurveyResponse.region_id == region.id]
    if f.office_id:
        conditions.append(SurveyResponse.office_id == f.office_id)
    if f.date_from:
        conditions.append(SurveyResponse.received_on >= f.date_from)
    if f.date_to:
        conditions.append(SurveyResponse.received_on <= f.date_to)
    return (
        sa.select(
            SurveyResponse.id,
            Office.name,
            SurveyResponse.received_on,
            SurveyResponse.respondent,
            SurveyResponse.questionnaire_key,
            SurveyResponse.questionnaire_version,
            SurveyResponse.counted,
            SurveyFlag.status,
            SurveyFlag.reasons,
            SurveyResponse.answers,
            SurveyResponse.profile,
            SurveyResponse.comment,
        )
        .join(Office, Office.id == SurveyResponse.office_id)
        .outerjoin(SurveyFlag, SurveyFlag.response_id == SurveyResponse.id)
        .where(*conditions)
        .order_by(SurveyResponse.id)
        .execution_options(yield_per=BATCH)
    )


def _answers(answers: Mapping) -> list:
    """The stored answers (questionnaire.clean's shape) in the QUESTIONS order."""
    flat = {code: answers.get(code) for code in QUESTIONS if not code.startswith(("q12", "q13"))}
    for code in ("q12", "q13"):
        given = answers.get(code) or {}
        flat[f"{code}_used"] = given.get("used")
        flat[f"{code}_score"] = given.get("score")
    flat["q13_issue"] = answers.get("q13_issue")
    for channel, score in (answers.get("q15") or {}).items():
        flat[f"q15_{channel}"] = score
    return [flat.get(code) for code in QUESTIONS]


def _profile(profile: Mapping) -> list:
    values = []
    for code in PROFILE:
        value = profile.get(code)
        values.append("; ".join(value) if isinstance(value, list) else value)
    return values


def rows(region: Region, f: Filters) -> Iterator[list]:
    """The rows of the workbook, read in batches of BATCH."""
    for row in db.session.execute(_statement(region, f)):
        (rid, office, received_on, respondent, key, version, counted, status, reasons) = row[:9]
        answers, profile, comment = row[9:]
        yield [
            rid,
            office,
            received_on,
            str(respondent),
            key,
            version,
            counted,
            str(status) if status else None,
            ", ".join(reasons or ()) or None,
            *_answers(answers or {}),
            *_profile(profile or {}),
            comment or None,
        ]


# What people wrote (staff: the office's name; clients: free texts) goes through typed cells,
# so it is never a formula; the rest are our codes, numbers and booleans, written as they are
# (a typed cell per value would make a large export several times slower).
TYPED = frozenset({"office", "received_on", "q13_issue", "q14_other", "ownership_other", "comment"})
TYPED_AT = tuple(i for i, code in enumerate(COLUMNS) if code in TYPED)


def _typed(ws, values: list) -> list:
    for i in TYPED_AT:
        if values[i] is not None:
            values[i] = cell(ws, values[i])
    return values


def _legend(workbook) -> None:
    """The second sheet: what each column code means, in the wording of the questionnaire in
    force (a seeker's; an employer's differs in address, not in meaning)."""
    ws = workbook.create_sheet("Столбцы")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
    survey = questionnaire.current()
    append(ws, ("Столбец", "Что в нём"), bold=True)
    for code in COLUMNS:
        append(ws, (code, _title(survey, code)))


def _title(survey: questionnaire.Questionnaire, code: str) -> str:
    if code in HEAD_TITLES:
        return HEAD_TITLES[code]
    for respondent in questionnaire.RESPONDENTS:
        for question in survey.profile(respondent):
            if question.code == code.removesuffix("_other"):
                return question.title + (" (другое)" if code.endswith("_other") else "")
    base, _, part = code.partition("_")
    wording = {q.code: q.text("seeker") for q in survey.questions}.get(base, "")
    return f"{wording} ({part})" if part and wording else wording


def workbook_file(region: Region, f: Filters) -> IO[bytes]:
    """The workbook in an anonymous temporary file, positioned at its start."""
    workbook, ws = sheet("Ответы", WIDTHS)
    append(ws, COLUMNS, bold=True)
    for values in rows(region, f):
        ws.append(_typed(ws, values))
    _legend(workbook)
    return saved_file(workbook)


def file_name(region: Region, f: Filters) -> str:
    office = f"-{f.office_id}" if f.office_id else ""
    return f"Ответы на анкеты {region.code}{office} {region_today(region.timezone):%d.%m.%Y}.xlsx"
