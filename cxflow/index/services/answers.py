"""The subjective half of the index in one SQL aggregate: per office and respondent, for each
question that feeds an indicator, the positive answers and the answers given. One query for
one office, a region or every region, whatever the number of answers (benchmarks/README.md)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.index import IndexPeriod
from cxflow.index.models.surveys import SurveyResponse
from cxflow.index.services.indicators import IndexMethodology
from cxflow.index.services.scoring import Share

CHANNELS = ("office", "website", "social", "contact_center", "other")  # Q14's options


def _answer(question: str):
    """The stored answer of `question` as SQL: "q10", "q12" (its 1–10 follow-up), "q15.office"."""
    answers = SurveyResponse.answers
    if question in ("q12", "q13"):
        return answers[(question, "score")].as_integer()
    if "." in question:
        return answers[tuple(question.split("."))].as_integer()
    return answers[question].as_integer()


def _columns(methodology: IndexMethodology) -> list:
    """Two sums per scored question: positives, answers given. Q4 is «да» among «да»/«нет»
    («не знаю» left out like N/A: cxflow's decision); Q14 counts each channel."""
    low, high = methodology.positive_min, methodology.positive_max
    columns = []
    for question in sorted({q for i in methodology.indicators for q in i.questions}):
        if question == "q4":
            value = SurveyResponse.answers["q4"].as_string()
            columns += [
                sa.func.sum(sa.case((value == "yes", 1), else_=0)).label("q4:positive"),
                sa.func.sum(sa.case((value.in_(("yes", "no")), 1), else_=0)).label("q4:n"),
            ]
        elif question == "q14":
            value = SurveyResponse.answers["q14"].as_string()
            columns += [
                sa.func.sum(sa.case((value == channel, 1), else_=0)).label(f"q14:{channel}")
                for channel in CHANNELS
            ]
        else:
            value = _answer(question)
            columns += [
                sa.func.sum(sa.case((value.between(low, high), 1), else_=0)).label(
                    f"{question}:positive"
                ),
                sa.func.count(value).label(f"{question}:n"),
            ]
    return columns


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
    counted = SurveyResponse.counted.is_(True)
    group = (SurveyResponse.office_id, SurveyResponse.respondent)
    responses = sa.func.count().label("responses")  # the answers' n beside the boards
    if period_ids is not None:
        inside = sa.and_(
            IndexPeriod.region_id == SurveyResponse.region_id,
            SurveyResponse.received_on.between(IndexPeriod.start, IndexPeriod.end),
        )
        stmt = (
            sa.select(IndexPeriod.id.label("period_id"), *group, responses, *_columns(methodology))
            .join(IndexPeriod, inside)
            .where(IndexPeriod.id.in_(period_ids), counted)
            .group_by(IndexPeriod.id, *group)
        )
    else:
        stmt = (
            sa.select(sa.null().label("period_id"), *group, responses, *_columns(methodology))
            .where(
                SurveyResponse.region_id == region_id,
                SurveyResponse.received_on.between(start, end),
                counted,
            )
            .group_by(*group)
        )
    if office_ids is not None:
        stmt = stmt.where(SurveyResponse.office_id.in_(office_ids))
    return stmt


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


def read_rows(stmt: sa.Select, methodology: IndexMethodology) -> dict[tuple, OfficeAnswers]:
    """(period id or None, office id) -> `OfficeAnswers` of an `aggregate_statement`."""
    minimum = methodology.min_responses
    result: dict[tuple, OfficeAnswers] = defaultdict(lambda: OfficeAnswers(minimum, {}, {}))
    for row in db.session.execute(stmt).mappings():
        answers = result[(row["period_id"], row["office_id"])]
        respondent = str(row["respondent"])
        answers.responses[respondent] = int(row["responses"] or 0)
        for label, value in row.items():
            if ":" not in label:
                continue
            question, part = label.split(":")
            if question == "q14":
                answers.channels.setdefault(respondent, {})[part] = int(value or 0)
            elif part == "positive":
                answers.shares[(question, respondent)] = Share(
                    int(value or 0), int(row[f"{question}:n"] or 0), minimum
                )
    return dict(result)
