"""The loader of the users domain: an account, for who may manage accounts."""

from flask_login import current_user

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.users.models import User


def load_user_or_404(user_id: int, user=None, permission: str | None = "users.manage") -> User:
    """The account `user_id`, else 404. `permission` (managing accounts, by default) is checked
    first, for `user` (the signed-in user by default): who may not manage accounts gets 403
    and learns nothing of them."""
    if permission is not None:
        access.require(user or current_user, permission)
    return db.get_or_404(User, user_id)
