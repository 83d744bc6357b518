"""Calendar feeds: secret ICS links (RFC 5545) to roadmap deadlines that calendar apps subscribe
to. A feed holds one pilot's roadmap, or (no pilot) the activities its owner is responsible for.
Who may read a feed is checked again at every fetch: revoking it, deactivating its owner or
moving the owner out of the pilot's region makes the link answer 404."""

import datetime as dt
import re
import secrets

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from cxflow.core import access
from cxflow.core.db import utcnow
from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from cxflow.roadmaps.models import Activity, ActivityKind, CalendarFeed
from cxflow.roadmaps.services import overdue_clause
from cxflow.users.models import User
from cxflow.workflows.definitions import ACTIVITY

TOKEN_MAX_LENGTH = 64
LINE_OCTETS = 75  # RFC 5545 §3.1: content lines are folded after 75 octets
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# --- feeds ----------------------------------------------------------------------------------


def create_feed(actor: User, pilot: Pilot | None = None) -> CalendarFeed:
    """A new link for `actor`: to `pilot`'s deadlines, or to the actor's own activities."""
    if pilot is not None and not access.can(actor, "pilots.view", pilot.region_id):
        raise NotFound()
    feed = CalendarFeed(
        token=secrets.token_urlsafe(32),
        owner_id=actor.id,
        pilot_id=pilot.id if pilot is not None else None,
    )
    db.session.add(feed)
    db.session.flush()
    return feed


def list_feeds(actor: User) -> sa.Select:
    """The actor's working links, newest first (a pilot the actor no longer sees is left out)."""
    stmt = (
        sa.select(CalendarFeed)
        .where(CalendarFeed.owner_id == actor.id, CalendarFeed.revoked_at.is_(None))
        .options(selectinload(CalendarFeed.pilot))
        .order_by(CalendarFeed.created_at.desc(), CalendarFeed.id.desc())
    )
    regions = access.visible_region_ids(actor)
    if regions is None:
        return stmt
    return stmt.outerjoin(Pilot, CalendarFeed.pilot_id == Pilot.id).where(
        sa.or_(CalendarFeed.pilot_id.is_(None), Pilot.region_id.in_(regions))
    )


def revoke_feed(feed: CalendarFeed) -> CalendarFeed:
    """Stop a link for good (its owner or an administrator: load_feed_or_404 finds it for no
    one else). Revoking twice is harmless."""
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
    db.session.flush()
    return feed


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed a link names, or None when it is unknown, revoked or its owner may not read it."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    feed = db.session.scalar(
        sa.select(CalendarFeed)
        .where(CalendarFeed.token == token)
        .options(selectinload(CalendarFeed.owner), selectinload(CalendarFeed.pilot))
    )
    if feed is None or feed.revoked_at is not None:
        return None
    region_id = feed.pilot.region_id if feed.pilot is not None else None
    return feed if access.can(feed.owner, "pilots.view", region_id) else None


def feed_title(feed: CalendarFeed) -> str:
    return feed.pilot.title if feed.pilot is not None else _("My activities") + " — cxflow"


def feed_activities(feed: CalendarFeed) -> list[tuple[Activity, bool]]:
    """Every dated activity and checkpoint of the feed, with its overdue flag (from SQL)."""
    overdue = sa.case((overdue_clause(), True), else_=False).label("overdue")
    stmt = (
        sa.select(Activity, overdue)
        .where(Activity.due_date.is_not(None), Activity.kind != ActivityKind.heading)
        .options(selectinload(Activity.pilot), selectinload(Activity.responsible_user))
        .order_by(Activity.due_date, Activity.id)
    )
    if feed.pilot_id is not None:
        stmt = stmt.where(Activity.pilot_id == feed.pilot_id)
    else:
        stmt = access.scoped(
            stmt.where(Activity.responsible_user_id == feed.owner_id), Activity, feed.owner
        )
    return [(row.Activity, bool(row.overdue)) for row in db.session.execute(stmt)]


# --- iCalendar text -------------------------------------------------------------------------


def ics(feed: CalendarFeed, base_url: str) -> str:
    """The feed as an RFC 5545 calendar: one all-day event per deadline, CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cxflow//Roadmap deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(feed_title(feed)),
        "X-PUBLISHED-TTL:PT1H",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    ]
    for activity, overdue in feed_activities(feed):
        lines += _event(activity, overdue, base_url.rstrip("/"))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event(activity: Activity, overdue: bool, base_url: str) -> list[str]:
    due = activity.due_date
    stamp = _utc_stamp(activity.updated_at or activity.created_at)
    lines = [
        "BEGIN:VEVENT",
        f"UID:activity-{activity.id}@cxflow",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{activity.version - 1}",
        f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
        f"DTEND;VALUE=DATE:{due + dt.timedelta(days=1):%Y%m%d}",
        "SUMMARY:" + escape_text(f"{activity.number} {activity.title}"),
        "DESCRIPTION:" + escape_text(_description(activity, overdue)),
        f"URL:{base_url}/pilots/{activity.pilot_id}",
        "TRANSP:TRANSPARENT",
    ]
    if activity.status == "cancelled":
        lines.append("STATUS:CANCELLED")
    return [*lines, "END:VEVENT"]


def _description(activity: Activity, overdue: bool) -> str:
    status = str(ACTIVITY.state_titles.get(activity.status, activity.status))
    if overdue:
        status += ", " + _("overdue")
    responsible = [activity.responsible]
    if activity.responsible_user is not None:
        responsible.append(activity.responsible_user.full_name)
    parts = [
        (_("Pilot"), activity.pilot.title),
        (_("Result"), activity.result),
        (_("Responsible"), ", ".join(r for r in responsible if r)),
        (_("Status"), status),
    ]
    return "\n".join(f"{label}: {value}" for label, value in parts if value)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes for timezone-aware columns; they are stored in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _utc_stamp(moment: dt.datetime) -> str:
    return as_utc(moment).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _CONTROL.sub("", value)


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 UTF-8 octets, never inside a character;
    each continuation starts with a space, which counts toward its 75 octets."""
    pieces, current, size, limit = [], [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
