"""The subjective half of the index in one SQL aggregate: per office and respondent, for each
question that feeds an indicator, the positive answers and the answers given. One query for
one office, a region or every region, whatever the number of answers (benchmarks/README.md)."""

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.index import IndexPeriod
from cxflow.index.models.surveys import SurveyResponse
from cxflow.index.services.indicators import IndexMethodology
from cxflow.index.services.scoring import Share

CHANNELS = ("office", "website", "social", "contact_center", "other")  # Q14's options


def _questions(methodology: IndexMethodology) -> list[str]:
    return sorted({q for i in methodology.indicators for q in i.questions})


class _Stored:
    """The stored answers as SQL: json_extract per question (SQLite), or on PostgreSQL one
    `json_to_record` per row whose columns are the answers' top-level keys. PostgreSQL parses
    a `json` value again for every `->>`: 40 extractions per row made the aggregate 4–5 times
    slower than parsing each row once (benchmarks/README.md, issue #16)."""

    def __init__(self, methodology: IndexMethodology, postgresql: bool):
        self.record = None
        if postgresql:
            types = {}
            for question in _questions(methodology):
                top = question.partition(".")[0]
                nested = question in ("q12", "q13") or "." in question
                types[top] = (
                    sa.JSON if nested else sa.String if top in ("q4", "q14") else sa.Integer
                )
            columns = [sa.column(key, kind) for key, kind in sorted(types.items())]
            self.record = (
                sa.func.json_to_record(SurveyResponse.answers)
                .table_valued(*columns)
                .render_derived(name="answers_record", with_types=True)
            )

    def text(self, question: str):
        if self.record is not None:
            return self.record.c[question]
        return SurveyResponse.answers[question].as_string()

    def scale(self, question: str):
        """The answer as an integer: "q10", "q12" (its 1–10 follow-up), "q15.office"."""
        nested = question in ("q12", "q13")
        path = (question, "score") if nested else tuple(question.split("."))
        if self.record is None:
            return SurveyResponse.answers[path if len(path) > 1 else path[0]].as_integer()
        if len(path) == 1:
            return self.record.c[question]
        return self.record.c[path[0]][path[1]].as_integer()


def _columns(methodology: IndexMethodology, stored: _Stored) -> list:
    """Two sums per scored question: positives, answers given. Q4 is «да» among «да»/«нет»
    («не знаю» left out like N/A: cxflow's decision); Q14 counts each channel."""
    low, high = methodology.positive_min, methodology.positive_max
    columns = []
    for question in _questions(methodology):
        if question == "q4":
            value = stored.text("q4")
            columns += [
                sa.func.sum(sa.case((value == "yes", 1), else_=0)).label("q4:positive"),
                sa.func.sum(sa.case((value.in_(("yes", "no")), 1), else_=0)).label("q4:n"),
            ]
        elif question == "q14":
            value = stored.text("q14")
            columns += [
                sa.func.sum(sa.case((value == channel, 1), else_=0)).label(f"q14:{channel}")
                for channel in CHANNELS
            ]
        else:
            value = stored.scale(question)
            columns += [
                sa.func.sum(sa.case((value.between(low, high), 1), else_=0)).label(
                    f"{question}:positive"
                ),
                sa.func.count(value).label(f"{question}:n"),
            ]
    return columns


def _build(methodology: IndexMethodology, postgresql: bool, by_period: bool, by_office: bool):
    """The aggregate with bound parameters: `period_ids` (a list) or `region_id`, `start`,
    `end`; `office_ids` (a list) when `by_office`."""
    counted = SurveyResponse.counted.is_(True)
    group = (SurveyResponse.office_id, SurveyResponse.respondent)
    responses = sa.func.count().label("responses")  # the answers' n beside the boards
    stored = _Stored(methodology, postgresql)
    columns = _columns(methodology, stored)
    if by_period:
        inside = sa.and_(
            IndexPeriod.region_id == SurveyResponse.region_id,
            SurveyResponse.received_on.between(IndexPeriod.start, IndexPeriod.end),
        )
        stmt = (
            sa.select(IndexPeriod.id.label("period_id"), *group, responses, *columns)
            .select_from(SurveyResponse)
            .join(IndexPeriod, inside)
            .where(IndexPeriod.id.in_(sa.bindparam("period_ids", expanding=True)), counted)
            .group_by(IndexPeriod.id, *group)
        )
    else:
        stmt = (
            sa.select(sa.null().label("period_id"), *group, responses, *columns)
            .select_from(SurveyResponse)
            .where(
                SurveyResponse.region_id == sa.bindparam("region_id"),
                SurveyResponse.received_on.between(
                    sa.bindparam("start", type_=sa.Date), sa.bindparam("end", type_=sa.Date)
                ),
                counted,
            )
            .group_by(*group)
        )
    if stored.record is not None:  # a function in FROM may read the rows before it
        stmt = stmt.join(stored.record, sa.true())
    if by_office:
        stmt = stmt.where(SurveyResponse.office_id.in_(sa.bindparam("office_ids", expanding=True)))
    return stmt


# Built once per methodology version, dialect and shape: building the statement of ~45
# columns and its cache key took longer than an office's aggregate itself (benchmarks/README.md).
# A version's content never changes (cxflow.methodology refuses that), so neither does this.
_TEMPLATES: dict[tuple, sa.Select] = {}


def _template(methodology: IndexMethodology, by_period: bool, by_office: bool) -> sa.Select:
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    key = (methodology.key, methodology.version, postgresql, by_period, by_office)
    stmt = _TEMPLATES.get(key)
    if stmt is None:
        stmt = _TEMPLATES[key] = _build(methodology, postgresql, by_period, by_office)
    return stmt


def _prepared(methodology, period_ids, region_id, start, end, office_ids):
    by_period, by_office = period_ids is not None, office_ids is not None
    params = (
        {"period_ids": list(period_ids)}
        if by_period
        else {"region_id": region_id, "start": start, "end": end}
    )
    if by_office:
        params["office_ids"] = list(office_ids)
    return _template(methodology, by_period, by_office), params


def aggregate_statement(
    methodology: IndexMethodology,
    *,
    period_ids=None,
    region_id=None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    office_ids=None,
) -> sa.Select:
    """Counted answers grouped by (period, office, respondent): of the saved periods
    `period_ids` (each its region's answers inside its dates), or of one region's dates."""
    stmt, params = _prepared(methodology, period_ids, region_id, start, end, office_ids)
    return stmt.params(**params)


def aggregate(
    methodology: IndexMethodology,
    *,
    period_ids=None,
    region_id=None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    office_ids=None,
) -> dict[tuple, "OfficeAnswers"]:
    """`read_rows` of `aggregate_statement`, the cached statement run with its parameters."""
    stmt, params = _prepared(methodology, period_ids, region_id, start, end, office_ids)
    return read_rows(stmt, methodology, params)


@dataclass
class OfficeAnswers:
    """One office's answers of a period: shares per question and respondent, Q14's counts."""

    minimum: int
    shares: dict  # (question, respondent) -> Share
    channels: dict  # respondent -> {channel: count}
    responses: dict = field(default_factory=dict)  # respondent -> counted answers

    @property
    def total(self) -> int:
        return sum(self.responses.values())

    def share(self, question: str, respondent: str | None = None) -> Share:
        """Of one respondent type, or seekers and employers pooled (cxflow's decision)."""
        respondents = (respondent,) if respondent else ("seeker", "employer")
        empty = Share(0, 0, self.minimum)
        return sum((self.shares.get((question, r), empty) for r in respondents), empty)

    def __add__(self, other: "OfficeAnswers") -> "OfficeAnswers":
        shares = dict(self.shares)
        for key, value in other.shares.items():
            shares[key] = shares[key] + value if key in shares else value
        channels = {r: dict(c) for r, c in self.channels.items()}
        for respondent, counts in other.channels.items():
            mine = channels.setdefault(respondent, {})
            for channel, count in counts.items():
                mine[channel] = mine.get(channel, 0) + count
        responses = dict(self.responses)
        for respondent, count in other.responses.items():
            responses[respondent] = responses.get(respondent, 0) + count
        return OfficeAnswers(self.minimum, shares, channels, responses)


def read_rows(
    stmt: sa.Select, methodology: IndexMethodology, params: dict | None = None
) -> dict[tuple, OfficeAnswers]:
    """(period id or None, office id) -> `OfficeAnswers` of an `aggregate_statement`. The
    columns' meaning is read once from their labels; the rows are plain tuples."""
    minimum = methodology.min_responses
    labels = [column.key for column in stmt.selected_columns]
    at = {label: n for n, label in enumerate(labels)}
    period_at, office_at, respondent_at = at["period_id"], at["office_id"], at["respondent"]
    responses_at = at["responses"]
    shares, channels = [], []  # (question, positive column, n column), (channel, column)
    for label, n in at.items():
        question, _sep, part = label.partition(":")
        if question == "q14" and part:
            channels.append((part, n))
        elif part == "positive":
            shares.append((question, n, at[f"{question}:n"]))
    result: dict[tuple, OfficeAnswers] = {}
    for row in db.session.execute(stmt, params):
        key = (row[period_at], row[office_at])
        answers = result.get(key)
        if answers is None:
            answers = result[key] = OfficeAnswers(minimum, {}, {})
        respondent = str(row[respondent_at])
        answers.responses[respondent] = int(row[responses_at] or 0)
        if channels:
            answers.channels[respondent] = {c: int(row[n] or 0) for c, n in channels}
        for question, positive, given in shares:
            answers.shares[(question, respondent)] = Share(
                int(row[positive] or 0), int(row[given] or 0), minimum
            )
    return result
