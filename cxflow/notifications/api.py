"""/api/v1/notifications: the caller's notifications and e-mail preferences."""

from cxflow.core.api import Blueprint, PageArgs, api_user, paginated
from cxflow.core.extensions import db
from cxflow.notifications import services
from cxflow.notifications.schemas import (
    NotificationList,
    PreferencesSchema,
    ReadArgs,
    ReadResult,
)

blp = Blueprint(
    "notifications_api",
    __name__,
    url_prefix="/api/v1",
    description="The caller's notifications and e-mail preferences",
)


@blp.route("/notifications")
@blp.arguments(PageArgs, location="query")
@blp.response(200, NotificationList)
def list_notifications(args):
    """The caller's notifications, newest first, with the number of unread ones."""
    user = api_user()
    page = paginated(services.inbox(user), args["page"], args["per_page"])
    return {**page, "unread": services.unread_count(user)}


@blp.route("/notifications/read", methods=["POST"])
@blp.arguments(ReadArgs)
@blp.response(200, ReadResult)
def mark_read(data):
    """Mark the given notifications (or all) of the caller as read."""
    user = api_user()
    marked = services.mark_read(user, data["ids"])
    db.session.commit()
    return {"marked": marked, "unread": services.unread_count(user)}


def _preferences(user) -> dict:
    return {"email": {kind: services.wants_email(user, kind) for kind in services.KINDS}}


@blp.route("/notifications/preferences")
@blp.response(200, PreferencesSchema)
def get_preferences():
    return _preferences(api_user())


@blp.route("/notifications/preferences", methods=["PUT"])
@blp.arguments(PreferencesSchema)
@blp.response(200, PreferencesSchema)
def put_preferences(data):
    """Choose the e-mails per kind; kinds left out keep their current choice."""
    user = api_user()
    chosen = _preferences(user)["email"] | data["email"]
    services.set_email_preferences(user, {kind for kind, on in chosen.items() if on})
    db.session.commit()
    return _preferences(user)
