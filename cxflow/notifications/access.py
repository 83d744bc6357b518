"""The loader of the notifications domain: any user's notification, for the administrator's
desk of failed e-mails (a user's own inbox lists only theirs)."""

from flask_login import current_user

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.notifications.models import Notification


def load_notification_or_404(
    notification_id: int, user=None, permission: str | None = "notifications.admin"
) -> Notification:
    """The notification `notification_id`, else 404. `permission` (the e-mail desk's, by
    default) is checked first, for `user` (the signed-in user by default), else 403."""
    if permission is not None:
        access.require(user or current_user, permission)
    return db.get_or_404(Notification, notification_id)
