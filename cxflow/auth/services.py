"""Sign-in checks, password change and API tokens."""

import functools
import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from cxflow.auth.models import ApiToken
from cxflow.core.db import utcnow
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.users.models import User
from cxflow.users.services import (
    end_sessions,
    get_by_email,
    password_errors,
    set_password,
)


@functools.cache
def _dummy_hash(method: str) -> str:
    """A hash made like real ones (same method and cost), checked when the e-mail is unknown:
    a failure then takes as long as for an existing account and tells nothing."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(email: str | None, password: str | None) -> User | None:
    """The active user with these credentials, or None (the caller says why only vaguely)."""
    user = get_by_email(email or "")
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    return user


def change_password(user: User, current: str, new: str, confirm: str) -> None:
    errors = {}
    if not check_password_hash(user.password_hash, current or ""):
        errors["current_password"] = _l("The current password is wrong.")
    errors |= password_errors(new, "new_password")
    if new != confirm:
        errors["confirm_password"] = _l("The passwords do not match.")
    if errors:
        raise ValidationError(errors)
    set_password(user, new)  # ends the other sessions; the view keeps this one


def sign_out(user: User) -> None:
    """Sign-out ends every session of the user, so a copied cookie is worthless afterwards."""
    end_sessions(user)


def revoke_user_tokens(user: User) -> None:
    """Receiver of users.signals.password_changed: the old password's tokens stop working."""
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + current_app.config["API_TOKEN_TTL"]
    db.session.add(ApiToken(user=user, token_hash=_hash_token(token), expires_at=expires_at))
    db.session.flush()
    return token, expires_at


def user_for_token(token: str) -> tuple[User | None, str]:
    """The token's user, or None with the reason: `invalid_token` or `token_expired`."""
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))
    if row is None or not row.user.active:
        return None, "invalid_token"
    if _aware(row.expires_at) <= utcnow():
        return None, "token_expired"
    return row.user, ""


def revoke_token(token: str) -> None:
    db.session.execute(sa.delete(ApiToken).where(ApiToken.token_hash == _hash_token(token)))


def purge_expired_tokens(now: datetime | None = None) -> int:
    result = db.session.execute(sa.delete(ApiToken).where(ApiToken.expires_at <= (now or utcnow())))
    return result.rowcount


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they are stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)
