"""The loaders of the working groups domain: a member or a meeting in the caller's regions, or
404."""

from flask_login import current_user

from cxflow.core import access
from cxflow.working_groups.models import Meeting, Member


def load_member_or_404(member_id: int, user=None, permission: str | None = None) -> Member:
    """The member if `user` (the signed-in user by default) may see its region, else 404; and,
    when named, `permission` held there, else 403."""
    return access.get_or_404(Member, member_id, user or current_user, permission)


def load_meeting_or_404(meeting_id: int, user=None, permission: str | None = None) -> Meeting:
    """The meeting, by the same rule as a member."""
    return access.get_or_404(Meeting, meeting_id, user or current_user, permission)
