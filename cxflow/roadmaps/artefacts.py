"""The artefacts of a pilot's work that complete its roadmap lines (a template line's
`completed_by`): what the CX cycle and the working group recorded, found afresh each time.

Each finder answers the artefact's title (the object's own name, or a count), the page that
shows it and the day it was done (`on`, the region's date), or None while it is missing. The
stage of the CX cycle that produces an artefact tells which lines a step back reopens.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from cxflow.clients.models import ClientKpi, ClientProfile
from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.journeys.models import Journey, JourneyStage, Measurement
from cxflow.pilots.models import Deliverable, DeliverableKind, Pilot
from cxflow.roadmaps.methodology import MEETING
from cxflow.solutions.models import Solution
from cxflow.workflows.definitions import CYCLE, CYCLE_STAGES, ROADMAP
from cxflow.workflows.models import TransitionRecord
from cxflow.working_groups.models import Meeting


@dataclass(frozen=True)
class Found:
    title: str  # the artefact's own name, a date or a count (ARTEFACT_TITLES says what it is)
    path: str  # its page
    on: dt.date  # the day it was done, in the region


# artefact -> what it is, for a line's deliverable ("Client profile: Иван, 45 лет")
ARTEFACT_TITLES = {
    "order": _l("Order: %(title)s"),
    "kpis": _l("Client KPIs: %(title)s"),
    "profile": _l("Client profile: %(title)s"),
    "journey": _l("Client journey: %(title)s"),
    "measurements": _l("Measurements: %(title)s"),
    "solution_map": _l("Solution map: %(title)s rows"),
    "meeting": _l("Protocol of working-group meeting No. %(number)s of %(title)s"),
    "roadmap_approval": _l("Roadmap approved: %(title)s"),
}
# artefact -> how a line says what closes it
ARTEFACT_NEEDS = {
    "order": _l("the order among the pilot's documents"),
    "kpis": _l("the client KPIs in the CX cycle"),
    "profile": _l("a client profile in the CX cycle"),
    "journey": _l("a client journey with at least one stage in the CX cycle"),
    "measurements": _l("a measurement in the CX cycle"),
    "solution_map": _l("a solution in the solution map"),
    "meeting": _l("the protocol of working-group meeting No. %(number)s, held"),
    "roadmap_approval": _l("the roadmap's approval"),
}
# artefact -> the stage of the CX cycle that produces it (DESIGN.md "The CX improvement cycle")
STAGE_OF = {
    "order": "working_group",
    "kpis": "target_group",
    "profile": "profile",
    "journey": "journey",
    "measurements": "measurements",
    "solution_map": "solution_map",
}


def kind_of(artefact: str) -> str:
    return "meeting" if MEETING.fullmatch(artefact) else artefact


def title_of(artefact: str, title: str) -> str:
    match = MEETING.fullmatch(artefact)
    number = match.group(1) if match else ""
    return str(ARTEFACT_TITLES[kind_of(artefact)] % {"title": title, "number": number})


def need_of(artefact: str) -> str:
    match = MEETING.fullmatch(artefact)
    number = match.group(1) if match else ""
    return str(ARTEFACT_NEEDS[kind_of(artefact)] % {"number": number})


def _day(pilot: Pilot, moment: dt.datetime | None) -> dt.date:
    """The region's date of a stored time (UTC)."""
    if moment is None:
        return region_today(pilot.region.timezone)
    if moment.tzinfo is None:  # SQLite gives naive UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(pilot.region.timezone)).date()


def _first(stmt) -> sa.Row | None:
    return db.session.execute(stmt.limit(1)).first()


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def _order(pilot: Pilot, today: dt.date) -> Found | None:
    row = _first(
        sa.select(Deliverable.id, Deliverable.title, Deliverable.created_at)
        .where(Deliverable.pilot_id == pilot.id, Deliverable.kind == DeliverableKind.order)
        .order_by(Deliverable.created_at, Deliverable.id)
    )
    if row is None:
        return None
    on = pilot.order_date or _day(pilot, row.created_at)
    return Found(row.title, f"/deliverables/{row.id}", min(on, today))


def _kpis(pilot: Pilot, today: dt.date) -> Found | None:
    first = db.session.scalar(
        sa.select(sa.func.min(ClientKpi.created_at)).where(ClientKpi.pilot_id == pilot.id)
    )
    if first is None:
        return None
    count = _count(ClientKpi, ClientKpi.pilot_id == pilot.id)
    return Found(str(count), f"/pilots/{pilot.id}/kpis", _day(pilot, first))


def _profile(pilot: Pilot, today: dt.date) -> Found | None:
    row = _first(
        sa.select(ClientProfile.id, ClientProfile.title, ClientProfile.created_at)
        .where(ClientProfile.pilot_id == pilot.id)
        .order_by(ClientProfile.created_at, ClientProfile.id)
    )
    if row is None:
        return None
    return Found(row.title, f"/profiles/{row.id}", _day(pilot, row.created_at))


def _journey(pilot: Pilot, today: dt.date) -> Found | None:
    staged = sa.select(JourneyStage.id).where(JourneyStage.journey_id == Journey.id).exists()
    row = _first(
        sa.select(Journey.id, Journey.title, Journey.created_at)
        .where(Journey.pilot_id == pilot.id, staged)
        .order_by(Journey.created_at, Journey.id)
    )
    if row is None:
        return None
    return Found(row.title, f"/journeys/{row.id}", _day(pilot, row.created_at))


def _measurements(pilot: Pilot, today: dt.date) -> Found | None:
    """Done when the first measurement's period ended (not after today)."""
    row = _first(
        sa.select(Measurement.period_end, JourneyStage.journey_id)
        .join(JourneyStage, Measurement.stage_id == JourneyStage.id)
        .where(Measurement.pilot_id == pilot.id)
        .order_by(Measurement.period_end, Measurement.id)
    )
    if row is None:
        return None
    count = _count(Measurement, Measurement.pilot_id == pilot.id)
    return Found(str(count), f"/journeys/{row.journey_id}", min(row.period_end, today))


def _solution_map(pilot: Pilot, today: dt.date) -> Found | None:
    first = db.session.scalar(
        sa.select(sa.func.min(Solution.created_at)).where(Solution.pilot_id == pilot.id)
    )
    if first is None:
        return None
    count = _count(Solution, Solution.pilot_id == pilot.id)
    return Found(str(count), f"/pilots/{pilot.id}/solutions", _day(pilot, first))


def _meeting(number: int) -> Callable[[Pilot, dt.date], Found | None]:
    def find(pilot: Pilot, today: dt.date) -> Found | None:
        """Meeting No. `number`, once held (a meeting dated later is only planned)."""
        row = _first(
            sa.select(Meeting.id, Meeting.held_on, Meeting.deliverable_id).where(
                Meeting.pilot_id == pilot.id, Meeting.number == number, Meeting.held_on <= today
            )
        )
        if row is None:
            return None
        path = (
            f"/deliverables/{row.deliverable_id}"
            if row.deliverable_id
            else f"/pilots/{pilot.id}/working-group#meeting-{row.id}"
        )
        return Found(row.held_on.strftime("%d.%m.%Y"), path, row.held_on)

    return find


def approval(pilot: Pilot, approvers: tuple[str, ...], today: dt.date) -> Found | None:
    """What approves the roadmap (its title in words, page, day), or None: the protocol of a
    held working-group meeting marked as approving it (seed 001 App. 1 item 1.4, seed 002
    App. 1 item 3), or, where the template says so, an order among the pilot's documents
    (seed 004 §2 checkpoint 1.1: «Правовой акт об утверждении … («дорожной карты»)»)."""
    if "meeting" in approvers:
        meeting = _first(
            sa.select(Meeting.id, Meeting.number, Meeting.held_on, Meeting.deliverable_id)
            .where(Meeting.pilot_id == pilot.id, Meeting.approves_roadmap, Meeting.held_on <= today)
            .order_by(Meeting.held_on.desc(), Meeting.number.desc())
        )
        if meeting is not None:
            title = _l(
                "the protocol of working-group meeting No. %(number)s of %(date)s",
                number=meeting.number,
                date=meeting.held_on.strftime("%d.%m.%Y"),
            )
            path = (
                f"/deliverables/{meeting.deliverable_id}"
                if meeting.deliverable_id
                else f"/pilots/{pilot.id}/working-group#meeting-{meeting.id}"
            )
            return Found(str(title), path, meeting.held_on)
    if "order" in approvers:
        order = _order(pilot, today)
        if order is not None:
            return Found(str(_l("the order «%(title)s»", title=order.title)), order.path, order.on)
    return None


def _roadmap_approval(pilot: Pilot, today: dt.date) -> Found | None:
    """The roadmap approved: by its approving document, on that document's day."""
    if pilot.roadmap_status != "approved":
        return None
    by = approval(pilot, ("meeting", "order"), today)
    if by is not None:
        return by
    row = _first(
        sa.select(TransitionRecord.at)
        .where(
            TransitionRecord.workflow == ROADMAP.name,
            TransitionRecord.object_id == pilot.id,
            TransitionRecord.event == "approve",
        )
        .order_by(TransitionRecord.at.desc(), TransitionRecord.id.desc())
    )
    return Found("", f"/pilots/{pilot.id}#approval", _day(pilot, row.at if row else None))


FINDERS: dict[str, Callable[[Pilot, dt.date], Found | None]] = {
    "order": _order,
    "kpis": _kpis,
    "profile": _profile,
    "journey": _journey,
    "measurements": _measurements,
    "solution_map": _solution_map,
    "roadmap_approval": _roadmap_approval,
}


def find(pilot: Pilot, artefacts: set[str], today: dt.date) -> dict[str, Found | None]:
    """What of `artefacts` the pilot has now (one or two queries each)."""
    found = {}
    for artefact in artefacts:
        match = MEETING.fullmatch(artefact)
        finder = _meeting(int(match.group(1))) if match else FINDERS[artefact]
        found[artefact] = finder(pilot, today)
    return found


@dataclass(frozen=True)
class Rework:
    """The CX cycle stepped back to rework an artefact's stage (and has not passed it again)."""

    stage: str  # the stage it stepped back to
    on: dt.date
    comment: str


def rework(pilot: Pilot) -> tuple[dict[str, Rework], dict[str, dt.date]]:
    """From the cycle's history: the artefacts whose stage is being reworked after a step back,
    and, for those whose rework ended (the cycle advanced past their stage again), that day."""
    records = db.session.execute(
        sa.select(
            TransitionRecord.event,
            TransitionRecord.from_state,
            TransitionRecord.to_state,
            TransitionRecord.at,
            TransitionRecord.comment,
        )
        .where(TransitionRecord.workflow == CYCLE.name, TransitionRecord.object_id == pilot.id)
        .order_by(TransitionRecord.at, TransitionRecord.id)
    ).all()
    place = {stage: index for index, stage in enumerate(CYCLE_STAGES)}
    open_: dict[str, Rework] = {}
    ended: dict[str, dt.date] = {}
    for record in records:
        if record.event == "step_back":
            for artefact, stage in STAGE_OF.items():
                if place[stage] >= place[record.to_state]:
                    open_[artefact] = Rework(
                        record.to_state, _day(pilot, record.at), record.comment
                    )
        elif record.event == "advance":
            for artefact, stage in STAGE_OF.items():
                if stage == record.from_state and artefact in open_:
                    del open_[artefact]
                    ended[artefact] = _day(pilot, record.at)
    return open_, ended
