"""Rules for user accounts: roles, regions, activation, passwords."""

import re
import secrets

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from cxflow.core import access
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import row_or_none
from cxflow.orgs.models import Region
from cxflow.users.models import FEDERAL_ROLES, Role, User, new_session_token
from cxflow.users.signals import password_changed

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(user: User, password: str) -> None:
    """A new password ends every session of the user and, through `password_changed`, every
    API token: whoever knew the old one is out."""
    user.password_hash = hash_password(password)
    db.session.flush()
    end_sessions(user)
    password_changed.send(user)


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every session's id holds the old session token.
    A plain UPDATE: sessions are not the account's content, so its version stays."""
    db.session.execute(
        sa.update(User).where(User.id == user.id).values(session_token=new_session_token())
    )


def user_for_session(session_id: str) -> User | None:
    """The active user whose session id (User.get_id) this is, or None."""
    user_id, _, token = session_id.partition(":")
    user = row_or_none(User, int(user_id)) if user_id.isascii() and user_id.isdigit() else None
    if user is None or not user.active or not token:
        return None
    return user if secrets.compare_digest(user.session_token, token) else None


def password_errors(password: str | None, field: str = "password") -> dict:
    if not password or len(password) < MIN_PASSWORD_LENGTH:
        return {field: _l("At least %(n)s characters.", n=MIN_PASSWORD_LENGTH)}
    return {}


# Deliberately loose: internal addresses such as admin@cxflow.local must pass.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def normalise_email(email: str | None) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise ValidationError({"email": _l("Enter a valid e-mail address.")})
    return email


def get_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def _check_role_region(role: str | None, region_id: int | None) -> dict:
    """Federal roles have no region; every other role belongs to exactly one."""
    if role not in Role.__members__:
        return {"role": _l("Choose a role.")}
    if Role(role) in FEDERAL_ROLES:
        return {"region_id": _l("A federal role has no region.")} if region_id else {}
    if not region_id or db.session.get(Region, region_id) is None:
        return {"region_id": _l("Choose the user's region.")}
    return {}


def list_users(actor: User, role: str | None = None, region_id: int | None = None) -> sa.Select:
    access.require(actor, "users.manage")
    stmt = sa.select(User).options(selectinload(User.region)).order_by(User.full_name)
    if role:
        stmt = stmt.where(User.role == role)
    if region_id:
        stmt = stmt.where(User.region_id == region_id)
    return stmt


def create_user(
    actor: User | None,
    *,
    email: str,
    full_name: str,
    role: str,
    region_id: int | None,
    password: str,
) -> User:
    """Create an account; `actor` None is the command line (demo loader, first admin)."""
    if actor is not None:
        access.require(actor, "users.manage")
    errors = _check_role_region(role, region_id) | password_errors(password)
    if not (full_name or "").strip():
        errors["full_name"] = _l("Enter the full name.")
    try:
        email = normalise_email(email)
        if get_by_email(email) is not None:
            errors["email"] = _l("A user with this e-mail already exists.")
    except ValidationError as exc:
        errors |= exc.fields
    if errors:
        raise ValidationError(errors)
    user = User(
        email=email,
        full_name=full_name.strip(),
        role=Role(role),
        region_id=None if Role(role) in FEDERAL_ROLES else region_id,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def update_user(actor: User, user: User, data: dict, version: int | None) -> User:
    """Change name, role, region or activation; an admin cannot lock themselves out."""
    access.require(actor, "users.manage")
    check_version(user, version)
    role = data.get("role", user.role)
    region_id = data.get("region_id", user.region_id)
    errors = _check_role_region(role, region_id)
    if "full_name" in data and not (data["full_name"] or "").strip():
        errors["full_name"] = _l("Enter the full name.")
    if user.id == actor.id and (data.get("active") is False or role != Role.admin):
        errors["role" if role != Role.admin else "active"] = _l(
            "You cannot remove your own administrator access."
        )
    if errors:
        raise ValidationError(errors)
    user.role = Role(role)
    user.region_id = None if user.role in FEDERAL_ROLES else region_id
    if "full_name" in data:
        user.full_name = data["full_name"].strip()
    if "active" in data:
        user.active = bool(data["active"])
    db.session.flush()
    return user


def reset_password(actor: User, user: User, password: str) -> None:
    access.require(actor, "users.manage")
    errors = password_errors(password)
    if errors:
        raise ValidationError(errors)
    set_password(user, password)
