"""Notifications in the app and by e-mail, reminders and digests."""

from flask import Flask
from flask_login import current_user

from cxflow.core.modules import Module
from cxflow.notifications import api, views
from cxflow.notifications.services import unread_count
from cxflow.notifications.tasks import dispatch_emails


def _unread_notifications() -> int:
    """The signed-in user's unread notifications, for the header link."""
    return unread_count(current_user) if current_user.is_authenticated else 0


def _setup(app: Flask) -> None:
    @app.after_request
    def _enqueue_emails(response):
        dispatch_emails()  # the view has committed: its notifications' e-mails may go
        return response


module = Module(
    name="notifications",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    template_globals={"unread_notifications": _unread_notifications},
    task_modules=("cxflow.notifications.tasks",),
    setup=_setup,
)
