"""Rules for a pilot's working group: members, numbered meetings, their protocols and the
meeting cadence (seed 001 §1.2 item 4b, §1.6; DESIGN.md "Working group")."""

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core import access
from cxflow.core.clock import region_today
from cxflow.core.db import check_version, lock
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import clean_text
from cxflow.pilots.models import DeliverableKind, Direction, Pilot
from cxflow.pilots.services import add_deliverable
from cxflow.pilots.signals import work_changed
from cxflow.users.models import User
from cxflow.workflows.definitions import CYCLE, CYCLE_STAGES
from cxflow.workflows.models import TransitionRecord
from cxflow.working_groups.models import Meeting, Member

# Seed 001 App. 1 item 2.1.9 and §1.6: meetings «не реже 1 раза в 3 недели» — the programme of
# the journey direction. The seeds of the other directions set no cadence (seed 002's programme,
# seed 004 §2; the culture direction's programme is not in seed 001).
CADENCE_DAYS = 21
CADENCES = {Direction.journey: (CADENCE_DAYS, "seed 001, Приложение 1, п. 2.1.9")}
MAX_MEETING_NUMBER = 9999
MAX_TEXT = 20_000
# column -> its length in the model; longer input is a 422, never a database error
MEMBER_TEXT = {
    "full_name": 200,
    "position": 300,
    "organisation": 300,
    "role": 200,
    "phone": 50,
    "email": 254,
}
MEMBER_FLAGS = ("is_leader", "is_target_group_representative")
# Deliberately loose (as for user accounts): internal addresses must pass.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


# --- reading ---------------------------------------------------------------------------------


def members_query(actor: User, pilot: Pilot) -> sa.Select:
    """The pilot's members, the leader first, then in the order they were added."""
    stmt = (
        sa.select(Member)
        .where(Member.pilot_id == pilot.id)
        .options(selectinload(Member.user))
        .order_by(Member.is_leader.desc(), Member.id)
    )
    return access.scoped(stmt, Member, actor)


def meetings_query(actor: User, pilot: Pilot) -> sa.Select:
    stmt = (
        sa.select(Meeting)
        .where(Meeting.pilot_id == pilot.id)
        .options(selectinload(Meeting.deliverable))
        .order_by(Meeting.number)
    )
    return access.scoped(stmt, Meeting, actor)


def list_members(actor: User, pilot: Pilot) -> list[Member]:
    return list(db.session.scalars(members_query(actor, pilot)))


def list_meetings(actor: User, pilot: Pilot) -> list[Meeting]:
    return list(db.session.scalars(meetings_query(actor, pilot)))


def next_meeting_number(pilot: Pilot) -> int:
    """The number the form suggests: one more than the highest so far."""
    highest = db.session.scalar(
        sa.select(sa.func.max(Meeting.number)).where(Meeting.pilot_id == pilot.id)
    )
    return min((highest or 0) + 1, MAX_MEETING_NUMBER)


def _dmy(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Cadence:
    """The meeting cadence of a pilot's direction and the day from which it is counted."""

    days: int
    source: str  # where the seed sets it
    starts_on: dt.date | None  # None: neither the working group formed nor the main phase begun
    formed_on: dt.date | None  # the working group formed (cxflow's reading, see cadence())
    main_phase_on: dt.date | None


def cadence(pilot: Pilot) -> Cadence | None:
    """The cadence that the direction's seed sets (None: it sets none), counted from the day
    the working group was formed or the main phase began, whichever comes first. cxflow's
    reading: the group is formed by the order that approves it (seed 001 App. 1 item 2.1.1:
    «состав рабочей группы, утвержденный Приказом»), so on the pilot's order date, or else on
    the day the CX cycle left its working-group stage (a member and the order recorded)."""
    rule = CADENCES.get(pilot.direction)
    if rule is None:
        return None
    days, source = rule
    formed = [pilot.order_date] if pilot.order_date else []
    left = db.session.scalar(
        sa.select(sa.func.min(TransitionRecord.at)).where(
            TransitionRecord.workflow == CYCLE.name,
            TransitionRecord.object_id == pilot.id,
            TransitionRecord.from_state == CYCLE_STAGES[0],
            TransitionRecord.event == "advance",
        )
    )
    if left is not None:
        formed.append(_region_date(pilot, left))
    formed_on = min(formed) if formed else None
    main = [phase.start_date for phase in pilot.phases if phase.kind == "main"]
    main_on = min(main) if main else None
    known = [day for day in (formed_on, main_on) if day]
    return Cadence(days, source, min(known) if known else None, formed_on, main_on)


def _region_date(pilot: Pilot, moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:  # SQLite gives naive UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(pilot.region.timezone)).date()


def cadence_warnings(
    pilot: Pilot, today: dt.date | None = None, meetings: list[Meeting] | None = None
) -> list[str]:
    """Where the working group met less often than its direction's cadence (seed 001 App. 1
    item 2.1.9, §1.6: once in 21 days; the other directions' seeds set none): each longer gap
    between consecutive meetings and, while the pilot is not closed, the time since the last
    meeting held or, before any, since the cadence started (cadence()). `today` is the
    region's date."""
    rule = cadence(pilot)
    if rule is None:
        return []
    if today is None:
        today = region_today(pilot.region.timezone)
    if meetings is None:
        meetings = db.session.scalars(sa.select(Meeting).where(Meeting.pilot_id == pilot.id))
    meetings = sorted(meetings, key=lambda m: (m.held_on, m.number))
    warnings = []
    for before, after in pairwise(meetings):  # a planned meeting too: it is due within the cadence
        gap = (after.held_on - before.held_on).days
        if gap > rule.days:
            warnings.append(
                _l(
                    "%(days)s days between meeting No. %(first)s (%(first_date)s) and meeting "
                    "No. %(second)s (%(second_date)s): the working group meets at least once "
                    "every 3 weeks (21 days).",
                    days=gap,
                    first=before.number,
                    first_date=_dmy(before.held_on),
                    second=after.number,
                    second_date=_dmy(after.held_on),
                )
            )
    if pilot.stage != "closed":
        warnings.extend(_since_last_meeting(rule, today, meetings))
    return [str(w) for w in warnings]


def _since_last_meeting(rule: Cadence, today: dt.date, meetings: list[Meeting]) -> list:
    held = [m for m in meetings if m.held_on <= today]  # a planned meeting is not held yet
    if held:
        last = held[-1]
        days = (today - last.held_on).days
        if days > rule.days:
            return [
                _l(
                    "%(days)s days since the last meeting, No. %(number)s of %(date)s: hold a "
                    "meeting at least once every 3 weeks (21 days).",
                    days=days,
                    number=last.number,
                    date=_dmy(last.held_on),
                )
            ]
        return []
    if rule.starts_on is None:
        return []
    days = (today - rule.starts_on).days
    if days > rule.days:
        return [
            _l(
                "No meeting held yet, %(days)s days since the working group was formed or the "
                "main phase began (%(date)s): hold a meeting at least once every 3 weeks (21 "
                "days).",
                days=days,
                date=_dmy(rule.starts_on),
            )
        ]
    return []


# --- members ---------------------------------------------------------------------------------


def _member_values(pilot: Pilot, member: Member | None, data: dict) -> dict:
    """The member's values after applying `data` (only the fields sent), validated."""
    values: dict = {}
    errors: dict = {}
    for name, limit in MEMBER_TEXT.items():
        if name in data or member is None:
            value = clean_text(data.get(name))
            if len(value) > limit:
                errors[name] = _l("At most %(n)s characters.", n=limit)
            values[name] = value
    if "full_name" in values and not values["full_name"]:
        errors["full_name"] = _l("Enter the full name.")
    if values.get("email"):
        values["email"] = values["email"].lower()
        if "email" not in errors and not EMAIL.match(values["email"]):
            errors["email"] = _l("Enter a valid e-mail address.")
    for flag in MEMBER_FLAGS:
        if flag in data or member is None:
            values[flag] = bool(data.get(flag))
    if "user_id" in data or member is None:
        values["user_id"] = data.get("user_id") or None
        message = _check_user(pilot, member, values["user_id"])
        if message:
            errors["user_id"] = message
    if errors:
        raise ValidationError(errors)
    return values


def _check_user(pilot: Pilot, member: Member | None, user_id: int | None):
    """A linked account is a user of the pilot's region, linked to one member at most."""
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.region_id != pilot.region_id:
        return _l("Choose a user of the pilot's region.")
    taken = sa.select(Member.id).where(Member.pilot_id == pilot.id, Member.user_id == user_id)
    if member is not None:
        taken = taken.where(Member.id != member.id)
    if db.session.scalar(taken) is not None:
        return _l("This user is already a member of the working group.")
    return None


def _clear_other_leaders(pilot_id: int, keep: Member | None = None) -> None:
    """At most one leader (a partial unique index too): marking one member leader clears
    the flag on the others first."""
    others = sa.select(Member).where(Member.pilot_id == pilot_id, Member.is_leader)
    if keep is not None:
        others = others.where(Member.id != keep.id)
    for other in db.session.scalars(others):
        other.is_leader = False  # through the ORM, so each one's version moves on
    db.session.flush()


def add_member(actor: User, pilot: Pilot, data: dict) -> Member:
    access.require(actor, "working_group.manage", pilot.region_id)
    values = _member_values(pilot, None, data)
    if values.get("is_leader"):
        _clear_other_leaders(pilot.id)
    member = Member(pilot_id=pilot.id, region_id=pilot.region_id, **values)
    db.session.add(member)
    db.session.flush()
    return member


def update_member(actor: User, member: Member, data: dict, version: int | None) -> Member:
    access.require(actor, "working_group.manage", member.region_id)
    check_version(member, version)
    values = _member_values(member.pilot, member, data)
    if values.get("is_leader"):
        _clear_other_leaders(member.pilot_id, keep=member)
    for name, value in values.items():
        setattr(member, name, value)
    db.session.flush()
    return member


def delete_member(actor: User, member: Member) -> None:
    access.require(actor, "working_group.manage", member.region_id)
    db.session.delete(member)
    db.session.flush()


# --- meetings --------------------------------------------------------------------------------


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _meeting_values(pilot: Pilot, meeting: Meeting | None, data: dict) -> dict:
    """The meeting's values after applying `data` (only the fields sent), validated."""
    values: dict = {}
    errors: dict = {}
    if "number" in data or meeting is None:
        number = data.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            errors["number"] = _l("Enter the meeting's number.")
        elif not 1 <= number <= MAX_MEETING_NUMBER:
            errors["number"] = _l("A number from 1 to %(max)s.", max=MAX_MEETING_NUMBER)
        elif _number_taken(pilot, meeting, number):
            errors["number"] = _l("Meeting No. %(number)s already exists.", number=number)
        values["number"] = number
    if "held_on" in data or meeting is None:
        held_on = data.get("held_on")
        latest = _one_year_after(region_today(pilot.region.timezone))
        if not isinstance(held_on, dt.date):
            errors["held_on"] = _l("Enter the date of the meeting.")
        elif held_on > latest:
            errors["held_on"] = _l(
                "Not later than one year from today (%(date)s).", date=_dmy(latest)
            )
        values["held_on"] = held_on
    if "approves_roadmap" in data or meeting is None:
        values["approves_roadmap"] = bool(data.get("approves_roadmap"))
    for name in ("protocol", "decisions"):
        if name in data or meeting is None:
            values[name] = clean_text(data.get(name))
            if len(values[name]) > MAX_TEXT:
                errors[name] = _l("At most %(n)s characters.", n=MAX_TEXT)
    if "protocol" in values and not values["protocol"] and "protocol" not in errors:
        errors["protocol"] = _l("Enter the protocol: who attended, what was discussed.")
    if errors:
        raise ValidationError(errors)
    return values


def _number_taken(pilot: Pilot, meeting: Meeting | None, number: int) -> bool:
    stmt = sa.select(Meeting.id).where(Meeting.pilot_id == pilot.id, Meeting.number == number)
    if meeting is not None:
        stmt = stmt.where(Meeting.id != meeting.id)
    return db.session.scalar(stmt) is not None


def _store_protocol(actor: User, meeting: Meeting, upload) -> None:
    """The signed protocol becomes a pilot deliverable of kind "protocol" (it then counts for
    the roadmap's approval too); a new file replaces the link, the old document stays."""
    title = _l(
        "Protocol of working group meeting No. %(number)s of %(date)s",
        number=meeting.number,
        date=_dmy(meeting.held_on),
    )
    deliverable = add_deliverable(
        actor, meeting.pilot, kind=DeliverableKind.protocol.value, title=str(title), upload=upload
    )
    meeting.deliverable = deliverable


def add_meeting(actor: User, pilot: Pilot, data: dict, upload=None) -> Meeting:
    access.require(actor, "working_group.manage", pilot.region_id)
    lock(pilot)  # two forms with one suggested number: the second is told it is taken
    values = _meeting_values(pilot, None, data)
    meeting = Meeting(pilot=pilot, region_id=pilot.region_id, **values)
    if upload is not None:
        _store_protocol(actor, meeting, upload)  # refuses a bad file before anything is added
    db.session.add(meeting)
    db.session.flush()
    work_changed(pilot, actor)
    return meeting


def update_meeting(
    actor: User, meeting: Meeting, data: dict, version: int | None, upload=None
) -> Meeting:
    access.require(actor, "working_group.manage", meeting.region_id)
    check_version(meeting, version)
    if "number" in data:
        lock(meeting.pilot)
    values = _meeting_values(meeting.pilot, meeting, data)
    for name, value in values.items():
        setattr(meeting, name, value)
    if upload is not None:
        _store_protocol(actor, meeting, upload)
    db.session.flush()
    work_changed(meeting.pilot, actor)
    return meeting


def attach_protocol(actor: User, meeting: Meeting, upload, version: int | None = None) -> Meeting:
    """Attach the signed protocol's file; `version`, when sent, must be the current one."""
    access.require(actor, "working_group.manage", meeting.region_id)
    if version is not None:
        check_version(meeting, version)
    if upload is None or not getattr(upload, "filename", ""):
        raise ValidationError({"file": _l("Attach the protocol's file.")})
    _store_protocol(actor, meeting, upload)
    db.session.flush()
    work_changed(meeting.pilot, actor)
    return meeting


def delete_meeting(actor: User, meeting: Meeting) -> None:
    """Delete the meeting; its protocol file stays among the pilot's documents."""
    access.require(actor, "working_group.manage", meeting.region_id)
    pilot = meeting.pilot
    db.session.delete(meeting)
    db.session.flush()
    work_changed(pilot, actor)
