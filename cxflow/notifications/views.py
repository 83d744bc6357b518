"""Pages: the user's inbox and e-mail preferences; failed e-mails for the admin to retry."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.notifications import services
from cxflow.notifications.models import Notification
from cxflow.notifications.tasks import send_email

bp = Blueprint("notifications", __name__)

INBOX_LIMIT = 200


@bp.route("/notifications/")
def inbox():
    stmt = (
        services.inbox(current_user)
        .order_by(None)
        .order_by(
            Notification.read_at.is_not(None),
            Notification.created_at.desc(),
            Notification.id.desc(),
        )
        .limit(INBOX_LIMIT)
    )
    notifications = db.session.scalars(stmt).all()
    return render_template(
        "notifications/inbox.html",
        notifications=notifications,
        unread=services.unread_count(current_user),
    )


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
def mark_read(notification_id: int):
    services.mark_read(current_user, [notification_id])
    db.session.commit()
    return redirect(url_for("notifications.inbox"))


@bp.route("/notifications/read-all", methods=["POST"])
def mark_all_read():
    services.mark_read(current_user)
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.inbox"))


@bp.route("/notifications/preferences", methods=["GET", "POST"])
def preferences():
    if request.method == "POST":
        chosen = {kind for kind in request.form.getlist("email") if kind in services.KINDS}
        services.set_email_preferences(current_user, chosen)
        db.session.commit()
        flash(_("E-mail preferences saved."), "success")
        return redirect(url_for("notifications.preferences"))
    kinds = [
        (kind, title, services.wants_email(current_user, kind))
        for kind, (title, _default) in services.KINDS.items()
    ]
    return render_template("notifications/preferences.html", kinds=kinds)


@bp.route("/admin/emails")
def failed_emails():
    access.require(current_user, "notifications.admin")
    stmt = services.failed_emails().limit(INBOX_LIMIT)
    return render_template("notifications/failed_emails.html", rows=db.session.scalars(stmt).all())


@bp.route("/admin/emails/<int:notification_id>/retry", methods=["POST"])
def retry_email(notification_id: int):
    """Send a failed e-mail again: pending once more, then a new `send_email` task with its
    own retries (enqueued by dispatch_emails after this request)."""
    access.require(current_user, "notifications.admin")
    notification = db.session.get(Notification, notification_id)
    if notification is None:
        raise NotFound()
    if notification.email_status == "failed":
        db.session.execute(
            sa.update(Notification)
            .where(Notification.id == notification.id, Notification.email_status == "failed")
            .values(email_status="pending")
        )
        db.session.commit()
        send_email.delay(notification.id)
        flash(_("The e-mail is queued again."), "success")
    return redirect(url_for("notifications.failed_emails"))
