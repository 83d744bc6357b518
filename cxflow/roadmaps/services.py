"""Rules for roadmaps: instantiating templates, deadlines, editing, approval, and the lines
closed and reopened by the pilot's work (cxflow.roadmaps.artefacts)."""

import datetime as dt
from itertools import pairwise

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.calendar.services import add_working_days, working_days_between
from cxflow.core import access
from cxflow.core.clock import region_today, today_by_region
from cxflow.core.db import check_version, lock, next_position, reorder
from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.orgs.services import region_dates
from cxflow.pilots.models import Pilot
from cxflow.roadmaps import artefacts
from cxflow.roadmaps.methodology import MEETING, RoadmapTemplate, TemplateItem, templates
from cxflow.roadmaps.models import Activity, ActivityKind
from cxflow.users.models import User
from cxflow.workflows import engine
from cxflow.workflows.definitions import ACTIVITY, CYCLE, ROADMAP

# Seed 004 §2, note 7: an activity longer than 30 working days is split into sub-activities
# shorter than 30 working days.
MAX_ACTIVITY_WORKING_DAYS = 30
CLOSED_STATUSES = ("done", "cancelled")


# --- reading ---------------------------------------------------------------------------------


def overdue_clause(today: sa.ColumnElement | dt.date | None = None) -> sa.ColumnElement:
    """Due before today (in the region's time zone) and neither done nor cancelled."""
    today = today_by_region(Activity.region_id, region_dates()) if today is None else today
    return sa.and_(
        Activity.due_date.is_not(None),
        Activity.due_date < today,
        Activity.status.not_in(CLOSED_STATUSES),
        Activity.kind != ActivityKind.heading,
    )


def roadmap(pilot: Pilot) -> list[tuple[Activity, bool]]:
    """The pilot's activities in roadmap order, each with its overdue flag (from SQL)."""
    overdue = sa.case((overdue_clause(), True), else_=False).label("overdue")
    stmt = (
        sa.select(Activity, overdue)
        .where(Activity.pilot_id == pilot.id)
        .options(selectinload(Activity.deliverables), selectinload(Activity.responsible_user))
        .order_by(Activity.sort_key)
    )
    return [(row.Activity, bool(row.overdue)) for row in db.session.execute(stmt)]


def flagged(rows: list[tuple[Activity, bool]]) -> list[Activity]:
    """The activities of `roadmap()` rows with their overdue flag as `.overdue` (for schemas)."""
    for activity, overdue in rows:
        activity.overdue = overdue
    return [activity for activity, _ in rows]


def is_overdue(activity: Activity) -> bool:
    stmt = sa.select(sa.case((overdue_clause(), True), else_=False))
    return bool(db.session.scalar(stmt.where(Activity.id == activity.id)))


def my_activities(actor: User) -> list[tuple[Activity, bool]]:
    """Open activities whose responsible person is `actor`, soonest first."""
    overdue = sa.case((overdue_clause(), True), else_=False).label("overdue")
    stmt = (
        sa.select(Activity, overdue)
        .where(Activity.responsible_user_id == actor.id, Activity.status.not_in(CLOSED_STATUSES))
        .options(selectinload(Activity.pilot))
        .order_by(Activity.due_date.is_(None), Activity.due_date)
    )
    stmt = access.scoped(stmt, Activity, actor)
    return [(row.Activity, bool(row.overdue)) for row in db.session.execute(stmt)]


# --- creating a pilot from a template -------------------------------------------------------


def instantiate_template(
    pilot: Pilot, project_year: int | None = None, optional_lines: bool = True, **_
) -> None:
    """A new pilot made from a template gets the template's lines and phases (pilots.signals)."""
    if pilot.template_key:
        instantiate(pilot, templates()[pilot.template_key], project_year, optional_lines)


def instantiate(
    pilot: Pilot,
    template: RoadmapTemplate,
    project_year: int | None = None,
    optional_lines: bool = True,
) -> None:
    """Add the template's lines to the pilot with numbering, results and deadlines (the pilot
    has the template's phases from cxflow.pilots); `optional_lines=False` leaves out the
    programme's lines that the typical roadmap omits; `project_year` is the calendar year of a
    fixed-day template (seed 004 §2), the pilot's start year by default."""
    dates = _TemplateDates(pilot, template, project_year)
    by_number: dict[str, Activity] = {}
    for item in template.items:
        parent = by_number.get(item.parent_number) if item.parent_number else None
        if (item.optional and not optional_lines) or (item.parent_number and parent is None):
            continue  # an optional line left out, or a line of a section left out
        start, due = dates.of(item)
        duration = None
        if item.kind == ActivityKind.activity and start and due:
            duration = working_days_between(start, due, pilot.region_id) or None
        activity = Activity(
            duration_working_days=duration,
            pilot=pilot,
            region_id=pilot.region_id,
            kind=item.kind,
            title=item.title,
            responsible=item.responsible,
            result=item.result,
            deliverable_kind=item.deliverable_kind,
            ongoing=item.ongoing,
            start_date=start,
            due_date=due,
            template_number=item.number,
            optional=item.optional,
            past_at_creation=bool(item.due_day and due and due < dates.made_on),
            completed_by=item.completed_by,
            parent=parent,
            position=int(item.number.rpartition(".")[2]),
            number=item.number,
        )
        db.session.add(activity)
        by_number[item.number] = activity
    _space_meetings(template, by_number)
    db.session.flush()
    renumber(pilot)


class _TemplateDates:
    """A template's dates on the pilot's calendar.

    The seeds state deadlines as calendar dates («до 31.07.2021», «01.04.2022») and fixed days
    of the project's year (seed 004 §2: «01 марта календарного года реализации регионального
    проекта»). A programme date moves to the pilot by the same number of calendar days from the
    programme's start (`reference_start`), so a pilot that starts on the programme's own first
    day gets the programme's own dates, a day off included (31.07.2021 and 30.04.2022 are
    Saturdays); only a duration in working days goes through the production calendar. A fixed
    day falls in the project year, and one already past when the roadmap is made stays there,
    flagged (`past_at_creation`)."""

    def __init__(self, pilot: Pilot, template: RoadmapTemplate, project_year: int | None):
        self.pilot = pilot
        self.shift = (
            pilot.start_date - template.reference_start if template.reference_start else None
        )
        self.year = project_year or pilot.start_date.year
        self.made_on = max(pilot.start_date, region_today(pilot.region.timezone))

    def moved(self, day: dt.date | None) -> dt.date | None:
        """A programme date on the pilot's calendar (as cxflow.pilots moves the phases)."""
        return None if day is None or self.shift is None else day + self.shift

    def of(self, item: TemplateItem) -> tuple[dt.date | None, dt.date | None]:
        if item.kind == ActivityKind.heading:
            return None, None
        if item.ongoing:  # «на протяжении всего периода пилотной апробации»
            return self.pilot.start_date, self.pilot.end_date
        if item.due_day:
            return None, dt.date(self.year, *item.due_day)
        start = self.moved(item.start) if item.kind == ActivityKind.activity else None
        return start, self.moved(item.due)


def _space_meetings(template: RoadmapTemplate, lines: dict[str, Activity]) -> None:
    """Working-group meetings at most `meeting_cadence_days` calendar days apart (seed 001
    App. 1 item 2.1.9: «не реже 1 раза в 3 недели»): each meeting's deadline no later than the
    previous meeting's plus the cadence."""
    if not template.meeting_cadence_days:
        return
    meetings = sorted(
        (
            (item.meeting_number, lines[item.number])
            for item in template.items
            if item.meeting_number and item.number in lines and lines[item.number].due_date
        ),
        key=lambda pair: pair[0],
    )
    limit = dt.timedelta(days=template.meeting_cadence_days)
    for (_, before), (_, after) in pairwise(meetings):
        after.due_date = min(after.due_date, before.due_date + limit)


def renumber(pilot: Pilot) -> None:
    """Derive every number ("2.1.5") and sort key from the positions in the tree."""
    rows = db.session.scalars(sa.select(Activity).where(Activity.pilot_id == pilot.id)).all()
    children: dict[int | None, list[Activity]] = {}
    for activity in rows:
        children.setdefault(activity.parent_id, []).append(activity)

    sort_keys: dict[Activity, str] = {}

    def walk(parent_id: int | None, prefix: str, key: str) -> None:
        siblings = sorted(children.get(parent_id, []), key=lambda a: (a.position, a.id))
        for index, activity in enumerate(siblings, start=1):
            activity.position = index
            activity.number = f"{prefix}{index}"
            sort_keys[activity] = f"{key}{index:04d}"
            walk(activity.id, activity.number + ".", sort_keys[activity] + ".")

    walk(None, "", "")
    db.session.flush()
    reorder(sort_keys, "sort_key")  # unique per pilot: never two lines at one place


# --- editing the pilot ----------------------------------------------------------------------

# --- editing the roadmap --------------------------------------------------------------------


def _require_draft(actor: User, pilot: Pilot) -> None:
    """A draft roadmap changes one writer at a time (its lines are numbered from each other);
    the pilot is locked and read afresh before its status is checked."""
    access.require(actor, "roadmaps.edit", pilot.region_id)
    lock(pilot)
    if pilot.roadmap_status != "draft":
        raise ConflictError(str(_l("The roadmap is approved: return it to draft to change it.")))


def schedule(kind, start, duration, due, region_id: int, due_wins: bool = False):
    """(start, duration, due) made consistent by the production calendar: start + duration
    gives the due date unless the given one agrees, or `due_wins` (the user changed only the
    due date: the duration follows). A section has no dates."""
    if kind == ActivityKind.heading:
        return None, None, None
    if start and due and (due_wins or not duration) and kind == ActivityKind.activity:
        return start, working_days_between(start, due, region_id) or None, due
    if start and duration:
        agrees = due and working_days_between(start, due, region_id) == duration
        return start, duration, due if agrees else add_working_days(start, duration, region_id)
    return start, duration, due


def _schedule(activity: Activity, data: dict) -> dict:
    """Validate the sent dates and duration, then make them consistent (see schedule())."""
    start = data.get("start_date", activity.start_date)
    duration = data.get("duration_working_days", activity.duration_working_days)
    due = data.get("due_date", activity.due_date)
    errors = {}
    if duration is not None and duration < 1:
        errors["duration_working_days"] = _l("At least one working day.")
    if start and due and due < start and "duration_working_days" not in data:
        errors["due_date"] = _l("The due date is before the start date.")
    if errors:
        raise ValidationError(errors)
    due_wins = "due_date" in data and "duration_working_days" not in data
    start, duration, due = schedule(
        activity.kind, start, duration, due, activity.region_id, due_wins
    )
    return {"start_date": start, "duration_working_days": duration, "due_date": due}


ACTIVITY_FIELDS = (
    "title",
    "responsible",
    "result",
    "note",
    "deliverable_kind",
    "responsible_user_id",
)
SCHEDULE_FIELDS = ("start_date", "duration_working_days", "due_date")


def update_activity(actor: User, activity: Activity, data: dict, version: int | None) -> Activity:
    access.require(actor, "roadmaps.edit", activity.region_id)
    check_version(activity, version)
    if any(k in data for k in SCHEDULE_FIELDS):
        _require_draft(actor, activity.pilot)
        for key, value in _schedule(activity, data).items():
            setattr(activity, key, value)
    else:
        access.require(actor, "roadmaps.edit", activity.region_id)
    clean = {k: data[k] for k in ACTIVITY_FIELDS if k in data}
    if "title" in clean and not (clean["title"] or "").strip():
        raise ValidationError({"title": _l("Enter a title.")})
    if clean.get("responsible_user_id"):
        _check_responsible(activity, clean["responsible_user_id"])
    for key, value in clean.items():
        setattr(activity, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    return activity


def _check_responsible(activity: Activity, user_id: int) -> None:
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.region_id not in (None, activity.region_id):
        raise ValidationError({"responsible_user_id": _l("Choose a user of the pilot's region.")})


def add_activity(actor: User, pilot: Pilot, data: dict, parent: Activity | None = None) -> Activity:
    _require_draft(actor, pilot)
    if parent is not None and parent.pilot_id != pilot.id:
        raise ValidationError({"parent_id": _l("Choose a line of this roadmap.")})
    kind = data.get("kind") or ActivityKind.activity.value
    if kind not in ActivityKind.__members__:
        raise ValidationError({"kind": _l("Choose activity, checkpoint or heading.")})
    if not (data.get("title") or "").strip():
        raise ValidationError({"title": _l("Enter a title.")})
    position = next_position(
        pilot,
        Activity.position,
        Activity.pilot_id == pilot.id,
        Activity.parent_id == parent.id if parent else Activity.parent_id.is_(None),
    )
    activity = Activity(
        pilot=pilot,
        region_id=pilot.region_id,
        parent=parent,
        kind=ActivityKind(kind),
        title=data["title"].strip(),
        position=position,
        number="",
    )
    db.session.add(activity)
    if kind != ActivityKind.heading:
        for key, value in _schedule(
            activity, {k: data[k] for k in SCHEDULE_FIELDS if data.get(k) is not None}
        ).items():
            setattr(activity, key, value)
    for key in ("responsible", "result", "note", "deliverable_kind", "responsible_user_id"):
        if data.get(key):
            if key == "responsible_user_id":
                _check_responsible(activity, data[key])
            setattr(activity, key, data[key])
    db.session.flush()
    renumber(pilot)
    return activity


def move_activity(actor: User, activity: Activity, how: str) -> Activity:
    """Reorder (`up`, `down`) or nest (`indent` under the previous sibling, `outdent`)."""
    pilot = activity.pilot
    _require_draft(actor, pilot)
    lines = _lines(pilot)
    siblings = sorted(
        (a for a in lines if a.parent_id == activity.parent_id), key=lambda a: a.position
    )
    index = siblings.index(activity)
    if how in ("up", "down"):
        other = index - 1 if how == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index].position, siblings[other].position = (
                siblings[other].position,
                siblings[index].position,
            )
    elif how == "indent" and index > 0:
        new_parent = siblings[index - 1]
        activity.parent = new_parent
        activity.position = sum(1 for a in lines if a.parent_id == new_parent.id) + 1
    elif how == "outdent" and activity.parent is not None:
        parent = activity.parent
        for later in lines:  # make room right after the old parent
            if later.parent_id == parent.parent_id and later.position > parent.position:
                later.position += 1
        activity.parent = parent.parent
        activity.position = parent.position + 1
    elif how not in ("up", "down", "indent", "outdent"):
        raise ValidationError({"how": _l("Choose up, down, indent or outdent.")})
    db.session.flush()
    renumber(pilot)
    return activity


def _lines(pilot: Pilot) -> list[Activity]:
    """The pilot's lines as stored (read afresh: the pilot is locked by now)."""
    db.session.expire(pilot, ["activities"])
    stmt = (
        sa.select(Activity)
        .where(Activity.pilot_id == pilot.id)
        .execution_options(populate_existing=True)
    )
    return list(db.session.scalars(stmt))


def delete_activity(actor: User, activity: Activity) -> None:
    pilot = activity.pilot
    _require_draft(actor, pilot)
    db.session.delete(activity)
    db.session.flush()
    db.session.expire(pilot, ["activities"])
    renumber(pilot)


# --- lifecycles -----------------------------------------------------------------------------


@engine.guard("roadmap", "approve")
def roadmap_blockers(pilot: Pilot) -> list[str]:
    """What stops approval: long undivided activities (seed 004 §2 note 7), nothing that
    approves it (approving_document)."""
    blockers = []
    parents = {a.parent_id for a in pilot.activities}
    leaves = [
        a
        for a in pilot.activities
        if a.kind == ActivityKind.activity
        and a.id not in parents
        and not a.ongoing
        and a.status != "cancelled"
    ]
    for activity in leaves:
        # a sub-activity must be *shorter* than 30 working days
        top_level = activity.parent_id is None
        limit = MAX_ACTIVITY_WORKING_DAYS if top_level else MAX_ACTIVITY_WORKING_DAYS - 1
        if (activity.duration_working_days or 0) > limit:
            blockers.append(
                _l(
                    "%(number)s «%(title)s» lasts %(days)s working days: split it into "
                    "sub-activities shorter than 30 working days",
                    number=activity.number,
                    title=activity.title,
                    days=activity.duration_working_days,
                )
            )
    if approving_document(pilot) is None:
        template = template_of(pilot)
        approvers = template.approved_by if template else ("meeting",)
        blockers.append(
            _l(
                "attach the order approving the roadmap, or record the working-group meeting "
                "that approved it (marked «approves the roadmap») with its protocol"
            )
            if "order" in approvers
            else _l(
                "record the working-group meeting that approved the roadmap (marked «approves "
                "the roadmap») with its protocol"
            )
        )
    return blockers


def template_of(pilot: Pilot) -> RoadmapTemplate | None:
    return templates().get(pilot.template_key) if pilot.template_key else None


def approving_document(pilot: Pilot) -> str | None:
    """What approves the roadmap, in words, or None (cxflow.roadmaps.artefacts.approval)."""
    template = template_of(pilot)
    approvers = template.approved_by if template else ("meeting",)
    found = artefacts.approval(pilot, approvers, region_today(pilot.region.timezone))
    return found.title if found else None


def fire_roadmap(actor: User, pilot: Pilot, event: str, comment: str = "") -> Pilot:
    """Approve or reopen; an approval names what approved it in its history."""
    if event == "approve" and not (comment or "").strip():
        approval = approving_document(pilot)
        if approval:
            comment = str(_l("Approved by: %(title)s", title=approval))
    engine.fire(ROADMAP, pilot, event, actor, comment)
    sync_with_work(pilot, actor)  # a line completed by the roadmap's approval
    return pilot


@engine.guard("activity", "complete")
def completion_blockers(activity: Activity) -> list[str]:
    """A line that the CX cycle completes may also be closed by hand, with a document of its
    own while the cycle's artefact is missing."""
    if activity.completed_by and not activity.artefact_ready and not activity.deliverables:
        return [
            _l(
                "attach a document that proves it to the line, or record %(need)s",
                need=artefacts.need_of(activity.completed_by),
            )
        ]
    return []


def fire_activity(actor: User, activity: Activity, event: str, comment: str = "") -> Activity:
    if activity.kind == ActivityKind.heading:
        raise ConflictError(str(_l("A heading has no status.")), allowed_events=[], blockers=[])
    engine.fire(ACTIVITY, activity, event, actor, comment)
    if activity.status == "done":
        activity.completed_on = region_today(activity.pilot.region.timezone)
        # closed on the cycle's artefact alone (no document of its own): the cycle reopens it
        # when the artefact goes
        activity.done_by_cycle = activity.artefact_ready and not activity.deliverables
    elif event == "reopen":
        activity.completed_on = None
        activity.done_by_cycle = False
    activity.cycle_note = ""
    db.session.flush()
    return activity


# --- the roadmap fed by the pilot's work ----------------------------------------------------


def sync_with_work(pilot: Pilot, actor: User | None = None, **_) -> None:
    """Close or reopen the lines completed by an artefact of the pilot's work (the template's
    `completed_by`: the order, client KPIs, profile, journey, measurements, solution map,
    meeting protocols, the roadmap's approval), as the work now stands (pilots.signals).

    An artefact counts when it is there and the CX cycle has not stepped back to rework its
    stage. When it starts to count, an open line moves to done: its history says the CX cycle
    did it, with the artefact's page, and the completion date is the artefact's own day. When
    it stops counting, a line that rested on it is reopened and says why (`cycle_note`). A line
    closed by hand with its own document stays closed; a line reopened by hand stays open
    until its artefact comes anew."""
    lines = list(
        db.session.scalars(
            sa.select(Activity)
            .where(Activity.pilot_id == pilot.id, Activity.completed_by.is_not(None))
            .order_by(Activity.sort_key)
        )
    )
    if not lines:
        return
    today = region_today(pilot.region.timezone)
    found = artefacts.find(pilot, {line.completed_by for line in lines}, today)
    reworked, rework_ended = artefacts.rework(pilot)
    for line in lines:
        got, again = found[line.completed_by], reworked.get(line.completed_by)
        line.artefact_title = got.title[:300] if got else ""
        line.artefact_path = got.path if got else None
        ready = got is not None and again is None
        if ready and not line.artefact_ready:
            line.artefact_ready = True
            if line.status not in CLOSED_STATUSES:
                _closed_by_cycle(line, got, rework_ended.get(line.completed_by), actor)
        elif not ready and line.artefact_ready:
            line.artefact_ready = False
            if line.status == "done" and line.done_by_cycle:
                _reopened_by_cycle(line, again, today, actor)
    _space_held_meetings(pilot, lines, found)
    db.session.flush()


def sync_waiting_pilots() -> int:
    """Daily: re-read the work of every pilot with a line still waiting for its artefact, so a
    meeting planned for a day that has now come, or a measurement period that has now ended,
    closes its line without waiting for the pilot's next change. Returns the pilots read."""
    waiting = (
        sa.select(Activity.pilot_id)
        .where(
            Activity.completed_by.is_not(None),
            Activity.artefact_ready.is_(False),
            Activity.status.not_in(CLOSED_STATUSES),
        )
        .distinct()
    )
    pilots = db.session.scalars(sa.select(Pilot).where(Pilot.id.in_(waiting)).order_by(Pilot.id))
    count = 0
    for pilot in pilots:
        sync_with_work(pilot)
        count += 1
    return count


def _closed_by_cycle(line: Activity, got: artefacts.Found, rework_ended, actor) -> None:
    what = artefacts.title_of(line.completed_by, got.title)
    comment = str(_l("Done by the CX cycle: %(what)s", what=what))
    engine.fire_for(ACTIVITY, line, "complete", actor, comment, link=got.path)
    line.completed_on = max(got.on, rework_ended) if rework_ended else got.on
    line.done_by_cycle, line.cycle_note = True, ""


def _reopened_by_cycle(line: Activity, again, today: dt.date, actor) -> None:
    if again is not None:
        reason = _l(
            "Reopened by the CX cycle: on %(date)s it stepped back to “%(stage)s” (%(comment)s).",
            date=again.on.strftime("%d.%m.%Y"),
            stage=CYCLE.state_titles[again.stage],
            comment=again.comment,
        )
    else:
        reason = _l(
            "Reopened by the CX cycle on %(date)s: %(need)s is no longer there.",
            date=today.strftime("%d.%m.%Y"),
            need=artefacts.need_of(line.completed_by),
        )
    engine.fire_for(ACTIVITY, line, "reopen", actor, str(reason))
    line.completed_on, line.done_by_cycle, line.cycle_note = None, False, str(reason)


def _space_held_meetings(pilot: Pilot, lines: list[Activity], found: dict) -> None:
    """The next meeting is due at most the cadence's days after the last one held (seed 001
    App. 1 item 2.1.9: «не реже 1 раза в 3 недели»): an open meeting line's deadline moves
    earlier when the meeting before it was held earlier than planned."""
    template = template_of(pilot)
    if template is None or not template.meeting_cadence_days:
        return
    by_number = {}
    for line in lines:
        match = MEETING.fullmatch(line.completed_by)
        if match:
            by_number[int(match.group(1))] = line
    limit = dt.timedelta(days=template.meeting_cadence_days)
    for number, line in by_number.items():
        held = found.get(f"meeting-{number - 1}")
        if held is None or line.status in CLOSED_STATUSES or line.due_date is None:
            continue
        if line.due_date > held.on + limit:
            line.due_date = held.on + limit
