"""Create notifications once, let users choose e-mails, and send e-mails after the commit."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from cxflow.core import access
from cxflow.core.db import utcnow
from cxflow.core.extensions import db
from cxflow.notifications.models import EmailPreference, Notification
from cxflow.users.models import User

# kind -> (title shown on the preferences page, e-mail wanted when the user has not chosen)
KINDS = {
    "deadline_reminder": (_l("Reminders before a deadline and on the day"), True),
    "overdue_digest": (_l("Daily list of my overdue activities"), True),
    "manager_digest": (_l("Weekly overdue summary of my region (managers)"), True),
    "new_question": (_l("A new question in the consultation log (consultants)"), True),
    "answer": (_l("An answer to my question"), True),
    "sla_breach": (_l("A question not answered in time (consultants' lead)"), True),
    "index_checklists": (_l("Index checklists not filled as a period ends (coordinators)"), True),
}

_PENDING_KEY = "cxflow_pending_emails"
COMMITTED_KEY = "cxflow_committed_emails"


def wants_email(user: User, kind: str) -> bool:
    choice = db.session.get(EmailPreference, (user.id, kind))
    return choice.enabled if choice is not None else KINDS[kind][1]


def set_email_preferences(user: User, enabled_kinds: set[str]) -> None:
    for kind in KINDS:
        choice = db.session.get(EmailPreference, (user.id, kind))
        if choice is None:
            db.session.add(
                EmailPreference(user_id=user.id, kind=kind, enabled=kind in enabled_kinds)
            )
        else:
            choice.enabled = kind in enabled_kinds
    db.session.flush()


def notify(
    user: User, kind: str, dedup_key: str, title: str, body: str = "", link: str = ""
) -> Notification | None:
    """Store a notification unless one with the same key exists for the user (then None).
    An e-mail, if the user wants one, is queued and sent only after the transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind}")
    exists = sa.select(Notification.id).where(
        Notification.user_id == user.id, Notification.dedup_key == dedup_key
    )
    if not user.active or db.session.scalar(exists) is not None:
        return None
    notification = Notification(
        user_id=user.id,
        kind=kind,
        dedup_key=dedup_key,
        title=str(title)[:300],
        body=str(body),
        link=link,
        email_status="pending" if wants_email(user, kind) else "none",
    )
    if notification.email_status == "pending":
        notification.email_due_at = utcnow()  # in the outbox, sent once this transaction commits
    # A savepoint: a parallel task that stored the same key first wins, this one skips.
    try:
        with db.session.begin_nested():
            db.session.add(notification)
    except sa.exc.IntegrityError:
        return None
    if notification.email_status == "pending":
        db.session.info.setdefault(_PENDING_KEY, set()).add(notification.id)
    return notification


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    # No SQL may run here; dispatch_emails() enqueues once the request or task is over.
    pending = session.info.pop(_PENDING_KEY, None)
    if pending:
        session.info.setdefault(COMMITTED_KEY, set()).update(pending)


@event.listens_for(Session, "after_transaction_end")
def _forget_uncommitted(session: Session, transaction) -> None:
    # Only the outermost transaction: a savepoint rolled back inside notify() must not drop
    # the e-mails of notifications that were stored. After a commit the set is already gone.
    if transaction.parent is None:
        session.info.pop(_PENDING_KEY, None)


def inbox(user: User) -> sa.Select:
    return (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user: User) -> int:
    stmt = sa.select(sa.func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(stmt) or 0


def mark_read(user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    stmt = sa.update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_ids is not None:
        stmt = stmt.where(Notification.id.in_(notification_ids))
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount


def retry_email(actor: User, notification: Notification) -> None:
    """Send a failed e-mail again: pending and due once more, with a fresh count of retries,
    sent once the transaction commits as for a new notification. One that has not failed
    (sent meanwhile, or retried already) is left alone."""
    access.require(actor, "notifications.admin")
    retried = db.session.execute(
        sa.update(Notification)
        .where(Notification.id == notification.id, Notification.email_status == "failed")
        .values(
            email_status="pending",
            email_attempts=0,
            email_due_at=utcnow(),
            email_claimed_until=None,
        )
    ).rowcount
    if retried:
        db.session.info.setdefault(_PENDING_KEY, set()).add(notification.id)


def failed_emails() -> sa.Select:
    """E-mails that could not be delivered after every retry (shown to admins)."""
    return (
        sa.select(Notification)
        .where(Notification.email_status == "failed")
        .order_by(Notification.created_at.desc())
    )


def late_emails(grace_seconds: int) -> sa.Select:
    """Pending e-mails more than `grace_seconds` past due (a broker that was down, an SMTP
    server that keeps failing or hanging): the sweep retries them; admins see them."""
    cutoff = utcnow() - dt.timedelta(seconds=grace_seconds)
    return (
        sa.select(Notification)
        .where(Notification.email_status == "pending", Notification.email_due_at <= cutoff)
        .order_by(Notification.email_due_at, Notification.id)
    )


def pending_email_count() -> int:
    stmt = sa.select(sa.func.count(Notification.id)).where(Notification.email_status == "pending")
    return db.session.scalar(stmt) or 0
