"""Pages: the user's inbox and e-mail preferences; late and failed e-mails for the admin."""

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.core.views import handle_action
from cxflow.notifications import services
from cxflow.notifications.access import load_notification_or_404
from cxflow.notifications.models import Notification

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
    return handle_action(
        lambda: services.mark_read(current_user, [notification_id]),
        next_url=url_for("notifications.inbox"),
    )


@bp.route("/notifications/read-all", methods=["POST"])
def mark_all_read():
    return handle_action(
        lambda: services.mark_read(current_user),
        next_url=url_for("notifications.inbox"),
        success=_("All notifications are marked as read."),
    )


@bp.route("/notifications/preferences", methods=["GET", "POST"])
def preferences():
    if request.method == "POST":
        chosen = {kind for kind in request.form.getlist("email") if kind in services.KINDS}
        return handle_action(
            lambda: services.set_email_preferences(current_user, chosen),
            next_url=url_for("notifications.preferences"),
            success=_("E-mail preferences saved."),
        )
    kinds = [
        (kind, title, services.wants_email(current_user, kind))
        for kind, (title, _default) in services.KINDS.items()
    ]
    return render_template("notifications/preferences.html", kinds=kinds)


@bp.route("/admin/emails")
def failed_emails():
    """E-mails that need an administrator's eye: late (still pending MAIL_SWEEP_AFTER seconds
    past due: the broker or SMTP is down) and failed after every retry."""
    access.require(current_user, "notifications.admin")
    grace = int(current_app.config["MAIL_SWEEP_AFTER"])
    late = services.late_emails(grace).limit(INBOX_LIMIT)
    failed = services.failed_emails().limit(INBOX_LIMIT)
    return render_template(
        "notifications/failed_emails.html",
        rows=db.session.scalars(failed).all(),
        late=db.session.scalars(late).all(),
        pending=services.pending_email_count(),
        grace_minutes=max(1, grace // 60),
    )


@bp.route("/admin/emails/<int:notification_id>/retry", methods=["POST"])
def retry_email(notification_id: int):
    """Send a failed e-mail again (enqueued by dispatch_emails after this request)."""
    notification = load_notification_or_404(notification_id)
    failed = notification.email_status == "failed"  # else sent meanwhile: nothing to do
    return handle_action(
        lambda: services.retry_email(current_user, notification),
        next_url=url_for("notifications.failed_emails"),
        success=_("The e-mail is queued again.") if failed else "",
    )
