"""The loaders of the roadmaps domain: a roadmap line in the caller's regions, a calendar link
of its owner, or 404."""

from flask_login import current_user
from werkzeug.exceptions import NotFound

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.roadmaps.models import Activity, CalendarFeed


def load_activity_or_404(activity_id: int, user=None, permission: str | None = None) -> Activity:
    """The roadmap line if `user` (the signed-in user by default) may see its region, else
    404; and, when named, `permission` held there, else 403."""
    return access.get_or_404(Activity, activity_id, user or current_user, permission)


def load_feed_or_404(feed_id: int, user=None, permission: str | None = None) -> CalendarFeed:
    """A calendar link, for its owner or an administrator only (anyone else: 404, its
    existence is not revealed); `permission`, when named, is checked first (403)."""
    user = user or current_user
    if permission is not None:
        access.require(user, permission)
    feed = db.session.get(CalendarFeed, feed_id)
    if feed is None or (feed.owner_id != user.id and user.role != access.Role.admin):
        raise NotFound()
    return feed
