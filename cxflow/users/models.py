"""User model and the roles' titles (the roles themselves are the access policy's)."""

import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.access import FEDERAL_ROLES, Role
from cxflow.core.db import TimestampMixin, VersionedMixin
from cxflow.core.extensions import db
from cxflow.orgs.models import Region

ROLE_TITLES = {
    Role.admin: _l("Administrator"),
    Role.federal_consultant: _l("Federal consultant"),
    Role.regional_coordinator: _l("Regional coordinator"),
    Role.working_group_member: _l("Working group member"),
    Role.manager: _l("Manager"),
}


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(sa.Enum(Role, native_enum=False, length=32))
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    # Part of every session's id (get_id): a new one signs out every session of the user.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)

    region: Mapped[Region | None] = relationship()

    def get_id(self) -> str:
        """Flask-Login's alternative id: what a session stores and the user loader checks."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive users
        return self.active

    @property
    def is_federal(self) -> bool:
        return self.role in FEDERAL_ROLES

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
