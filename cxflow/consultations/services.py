"""The consultation log: questions and recorded consultations, answers, SLA, search, statistics.

Response time and the SLA are counted in working days of the federal production calendar
(the consultants' calendar), as API.md "Consultation log" defines them.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.calendar.services import add_working_days, working_days_between
from cxflow.consultations import access as consultation_access
from cxflow.consultations.models import KIND_TITLES, Consultation, ConsultationAttachment
from cxflow.core import access, files
from cxflow.core.clock import region_today
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import clean_text, contains
from cxflow.notifications.services import notify
from cxflow.orgs.models import Region
from cxflow.orgs.services import get_region_by_code
from cxflow.pilots.models import Direction
from cxflow.users.models import Role, User
from cxflow.workflows import engine
from cxflow.workflows.definitions import CONSULTATION

EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)  # outside: a typo
MAX_TEXT = 20_000
MAX_TOPIC = 300
MAX_SEARCH_WORDS = 10
MAX_SEARCH_WORD = 100
TEXT_FIELDS = (Consultation.topic, Consultation.question, Consultation.answer)


def moscow_today() -> dt.date:
    return region_today("Europe/Moscow")


# --- response time and SLA ------------------------------------------------------------------


def sla_days() -> int:
    return int(current_app.config.get("CONSULTATION_SLA_WORKING_DAYS", 3))


def sla_deadline(received_on: dt.date) -> dt.date:
    """The last working day a question received on `received_on` may be answered on."""
    return add_working_days(received_on + dt.timedelta(days=1), sla_days())


def response_days(received_on: dt.date, answered_on: dt.date | None) -> int | None:
    """Working days after the day received up to and including the answer day (same day: 0)."""
    if answered_on is None:
        return None
    return working_days_between(received_on + dt.timedelta(days=1), answered_on)


@dataclass
class Timing:
    response_days: int | None
    deadline: dt.date | None
    breached: bool


class Timings:
    """Response days, deadlines and breaches of many entries, each date computed once."""

    def __init__(self, today: dt.date | None = None):
        self.today = today or moscow_today()
        self._deadlines: dict[dt.date, dt.date] = {}
        self._days: dict[tuple[dt.date, dt.date], int] = {}

    def deadline(self, received_on: dt.date) -> dt.date:
        if received_on not in self._deadlines:
            self._deadlines[received_on] = sla_deadline(received_on)
        return self._deadlines[received_on]

    def of(self, c: Consultation) -> Timing:
        days = None
        if c.answered_on is not None:
            key = (c.received_on, c.answered_on)
            if key not in self._days:
                self._days[key] = response_days(*key)
            days = self._days[key]
        if c.kind != "question":
            return Timing(days, None, False)
        deadline = self.deadline(c.received_on)
        late = c.answered_on > deadline if c.answered_on else deadline < self.today
        return Timing(days, deadline, late)


def annotate(items: Iterable[Consultation], today: dt.date | None = None) -> list[Consultation]:
    """Set `response_days`, `sla_deadline` and `breached` on each entry (for pages and API)."""
    timings, rows = Timings(today), list(items)
    for c in rows:
        timing = timings.of(c)
        c.response_days, c.sla_deadline, c.breached = (
            timing.response_days,
            timing.deadline,
            timing.breached,
        )
    return rows


def _unanswered_cutoff(today: dt.date) -> dt.date:
    """The latest date received whose deadline is already before `today`."""
    day = today - dt.timedelta(days=sla_days() + 1)
    for _step in range(120):
        if sla_deadline(day) < today:
            return day
        day -= dt.timedelta(days=1)
    return day


def breached_clause(today: dt.date) -> sa.ColumnElement:
    """SQL: a question unanswered past its deadline, or answered after it."""
    answered_dates = db.session.scalars(
        sa.select(Consultation.received_on)
        .where(Consultation.kind == "question", Consultation.answered_on.is_not(None))
        .distinct()
    ).all()
    late_answer = sa.false()
    if answered_dates:
        timings = Timings(today)
        deadlines = {day: timings.deadline(day) for day in answered_dates}
        deadline = sa.case(deadlines, value=Consultation.received_on)
        late_answer = sa.and_(
            Consultation.answered_on.is_not(None), Consultation.answered_on > deadline
        )
    overdue = sa.and_(
        Consultation.answered_on.is_(None), Consultation.received_on <= _unanswered_cutoff(today)
    )
    return sa.and_(Consultation.kind == "question", sa.or_(overdue, late_answer))


def breached_open_questions(today: dt.date) -> list[Consultation]:
    """Open questions past their SLA, oldest first (the consultants' lead is told of them)."""
    stmt = (
        sa.select(Consultation)
        .where(
            Consultation.kind == "question",
            Consultation.status == "open",
            Consultation.answered_on.is_(None),
            Consultation.received_on <= _unanswered_cutoff(today),
        )
        .options(selectinload(Consultation.region))
        .order_by(Consultation.received_on, Consultation.id)
    )
    return annotate(db.session.scalars(stmt), today)


# --- reading --------------------------------------------------------------------------------


@dataclass
class Filters:
    region_id: int | None = None
    direction: str | None = None
    status: str | None = None
    kind: str | None = None
    unanswered: bool = False
    breached: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str = ""
    unknown_region: bool = field(default=False)  # a region code that does not exist


def filters_from(args: dict) -> Filters:
    """Filters from loaded query arguments; `region_code` names the region."""
    region_id, unknown = None, False
    if args.get("region_code"):
        region = get_region_by_code(args["region_code"])
        region_id, unknown = (region.id, False) if region else (None, True)
    names = ("direction", "status", "kind", "unanswered", "breached", "received_from")
    values = {name: args[name] for name in (*names, "received_to", "q") if args.get(name)}
    return Filters(region_id=region_id, unknown_region=unknown, **values)


def search_clause(query: str) -> sa.ColumnElement | None:
    """Every word (case-insensitive substring) in the topic, the question or the answer."""
    words = clean_text(query).split()[:MAX_SEARCH_WORDS]
    if not words:
        return None
    return sa.and_(
        *(
            sa.or_(*(contains(column, word[:MAX_SEARCH_WORD]) for column in TEXT_FIELDS))
            for word in words
        )
    )


def _filtered(stmt: sa.Select, f: Filters, today: dt.date) -> sa.Select:
    if f.unknown_region:
        return stmt.where(sa.false())
    conditions = [
        consultation_access.consultation_concerns([f.region_id]) if f.region_id else None,
        Consultation.direction == f.direction if f.direction else None,
        Consultation.status == f.status if f.status else None,
        Consultation.kind == f.kind if f.kind else None,
        Consultation.answered_on.is_(None) if f.unanswered else None,
        Consultation.received_on >= f.received_from if f.received_from else None,
        Consultation.received_on <= f.received_to if f.received_to else None,
        search_clause(f.q),
        breached_clause(today) if f.breached else None,
    ]
    return stmt.where(*(c for c in conditions if c is not None))


def list_consultations(actor: User, filters: Filters, today: dt.date | None = None) -> sa.Select:
    access.require(actor, "consultations.view")
    stmt = sa.select(Consultation).options(
        selectinload(Consultation.region),
        selectinload(Consultation.other_regions),
        selectinload(Consultation.asked_by),
        selectinload(Consultation.consultant),
        selectinload(Consultation.attachments),
    )
    stmt = _filtered(stmt, filters, today or moscow_today())
    stmt = stmt.order_by(Consultation.received_on.desc(), Consultation.id.desc())
    return consultation_access.scoped_consultations(stmt, actor)


def get_consultation(actor: User, consultation_id: int) -> Consultation:
    access.require(actor, "consultations.view")
    return annotate([consultation_access.load_consultation_or_404(consultation_id, actor)])[0]


def history(consultation: Consultation):
    return engine.history(CONSULTATION, consultation.id)


def allowed_events(consultation: Consultation) -> list[str]:
    return engine.allowed_events(CONSULTATION, consultation.status)


# --- asking and recording -------------------------------------------------------------------


def _date_error(day: dt.date | None, missing) -> object | None:
    if day is None:
        return missing
    if not EARLIEST <= day <= LATEST:
        return _l("Enter a date between 2000 and 2100.")
    return None


def _region_for(actor: User, region_id: int | None) -> Region | None:
    """The region if it exists and the actor may act in it (else None: nothing is revealed)."""
    region = db.session.get(Region, region_id) if region_id else None
    return region if region is not None and access.can_see_region(actor, region.id) else None


def _other_regions(region_ids: Iterable[int], main_id: int | None) -> list[Region] | None:
    ids = {int(i) for i in region_ids or ()} - {main_id}
    if not ids:
        return []
    regions = db.session.scalars(sa.select(Region).where(Region.id.in_(ids))).all()
    return list(regions) if len(regions) == len(ids) else None


def _check_entry(actor: User, kind: str, data: dict) -> tuple[dict, Region | None, list]:
    errors: dict = {}
    region = _region_for(actor, data.get("region_id"))
    if region is None:
        errors["region_id"] = _l("Choose an existing region.")
    if data.get("direction") not in Direction.__members__:
        errors["direction"] = _l("Choose a direction.")
    question, topic = clean_text(data.get("question")), clean_text(data.get("topic"))
    if not question:
        errors["question"] = _l("Enter the question.")
    elif len(question) > MAX_TEXT:
        errors["question"] = _l("At most %(n)s characters.", n=MAX_TEXT)
    if len(topic) > MAX_TOPIC:
        errors["topic"] = _l("At most %(n)s characters.", n=MAX_TOPIC)
    elif kind == "consultation" and not topic:
        errors["topic"] = _l("Enter the topic of the consultation.")
    date_error = _date_error(data.get("received_on"), _l("Enter the date."))
    if date_error:
        errors["received_on"] = date_error
    others: list | None = []
    if kind == "question" and data.get("other_region_ids"):
        errors["other_region_ids"] = _l("Only a consultation recorded by the centre has them.")
    elif kind == "consultation":
        others = _other_regions(data.get("other_region_ids") or (), data.get("region_id"))
        if others is None:
            errors["other_region_ids"] = _l("Choose existing regions.")
    return errors, region, others or []


def create_consultation(actor: User, data: dict, uploads: Iterable = ()) -> Consultation:
    """A region's question (`kind` "question") or a consultation the centre recorded."""
    kind = data.get("kind") or "question"
    if kind not in KIND_TITLES:
        raise ValidationError({"kind": _l("Choose a question or a consultation.")})
    access.require(actor, "consultations.ask" if kind == "question" else "consultations.record")
    errors, region, others = _check_entry(actor, kind, data)
    if errors:
        raise ValidationError(errors)
    consultation = Consultation(
        kind=kind,
        region=region,
        other_regions=others,
        direction=Direction(data["direction"]),
        topic=clean_text(data.get("topic")),
        question=clean_text(data.get("question")),
        received_on=data["received_on"],
        asked_by_id=actor.id if kind == "question" else None,
        consultant_id=actor.id if kind == "consultation" else None,
        status="open",
    )
    db.session.add(consultation)
    db.session.flush()
    for upload in uploads:
        add_attachment(actor, consultation, upload)
    if kind == "question":
        _notify_consultants(consultation)
    return consultation


def add_attachment(actor: User, consultation: Consultation, upload) -> ConsultationAttachment:
    stored = files.save(upload.stream, upload.filename or "", field="attachments")
    attachment = ConsultationAttachment(
        consultation=consultation,
        region_id=consultation.region_id,
        file_key=stored.key,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        author_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def _link(consultation: Consultation) -> str:
    return f"/consultations/{consultation.id}"


def _notify_consultants(consultation: Consultation) -> None:
    consultants = db.session.scalars(
        sa.select(User).where(User.role == Role.federal_consultant, User.active)
    ).all()
    region = f"{consultation.region.code} {consultation.region.name}"
    for consultant in consultants:
        with force_locale(consultant.locale or "ru"):
            title = _("New question from %(region)s", region=region)
        notify(
            consultant,
            "new_question",
            f"question:{consultation.id}",
            title,
            consultation.question[:1000],
            _link(consultation),
        )


# --- answering and the lifecycle ------------------------------------------------------------


def answer(
    actor: User,
    consultation: Consultation,
    *,
    answer: str | None,
    answered_on: dt.date | None,
    version: int | None = None,
) -> Consultation:
    """Answer an open entry: the answer, its date, the consultant; the asker is notified."""
    access.require(actor, "consultations.answer", consultation.region_id)
    if version is not None:
        check_version(consultation, version)
    errors: dict = {}
    text = clean_text(answer)
    if not text:
        errors["answer"] = _l("Enter the answer.")
    elif len(text) > MAX_TEXT:
        errors["answer"] = _l("At most %(n)s characters.", n=MAX_TEXT)
    date_error = _date_error(answered_on, _l("Enter the date."))
    if date_error is None and answered_on < consultation.received_on:
        date_error = _l("The answer date is before the date the question was received.")
    if date_error:
        errors["answered_on"] = date_error
    if errors:
        raise ValidationError(errors)
    engine.fire(CONSULTATION, consultation, "answer", actor)
    consultation.answer, consultation.answered_on, consultation.consultant = (
        text,
        answered_on,
        actor,
    )
    db.session.flush()
    _notify_asker(actor, consultation)
    return consultation


def _notify_asker(actor: User, consultation: Consultation) -> None:
    asker = consultation.asked_by
    if asker is None or asker.id == actor.id:
        return
    with force_locale(asker.locale or "ru"):
        title = _("Your question has been answered")
    notify(
        asker,
        "answer",
        f"answer:{consultation.id}:v{consultation.version}",
        title,
        consultation.answer[:1000],
        _link(consultation),
    )


def fire(actor: User, consultation: Consultation, event_name: str, comment: str = ""):
    """Close or reopen (an answer goes through `answer()`, which needs its text and date)."""
    if event_name == "answer":
        raise ValidationError({"event": _l("Answer with the answer form: text and date.")})
    engine.fire(CONSULTATION, consultation, event_name, actor, clean_text(comment))
    if event_name == "reopen":
        consultation.answered_on = None
        db.session.flush()
    return consultation


# --- statistics -----------------------------------------------------------------------------


@dataclass
class Group:
    key: str
    title: str
    count: int = 0
    answered: int = 0
    breached: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def mean_response_days(self) -> float | None:
        return round(mean(self.days), 1) if self.days else None

    def add(self, timing: Timing) -> None:
        self.count += 1
        self.breached += timing.breached
        if timing.response_days is not None:
            self.answered += 1
            self.days.append(timing.response_days)


def _groups_of(c: Consultation) -> dict[str, list[tuple[str, str]]]:
    regions = [c.region, *c.other_regions]
    topic = " ".join(c.topic.split()).lower()
    return {
        "by_month": [(f"{c.received_on:%Y-%m}", f"{c.received_on:%m.%Y}")],
        "by_region": [(r.code, f"{r.code} {r.name}") for r in regions],
        "by_direction": [(c.direction.value, c.direction.value)],
        "by_topic": [(topic, " ".join(c.topic.split()))] if topic else [],
    }


def statistics(actor: User, filters: Filters, today: dt.date | None = None) -> dict:
    """Counts by month received, region (each region an entry concerns), direction and topic,
    with the mean response in working days and the SLA breaches."""
    today = today or moscow_today()
    rows = db.session.scalars(list_consultations(actor, filters, today)).all()
    timings = Timings(today)
    total = Group("total", "")
    groups: dict[str, dict[str, Group]] = defaultdict(dict)
    for c in rows:
        timing = timings.of(c)
        total.add(timing)
        for name, keys in _groups_of(c).items():
            for key, title in keys:
                groups[name].setdefault(key, Group(key, title)).add(timing)
    result = {"total": total}
    for name in ("by_month", "by_region", "by_direction", "by_topic"):
        result[name] = sorted(groups[name].values(), key=lambda g: g.key)
    result["by_topic"] = sorted(result["by_topic"], key=lambda g: -g.count)[:20]
    return result
