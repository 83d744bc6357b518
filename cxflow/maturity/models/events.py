"""Competence events of a region (seed 004 §1 item 17, §3 item 6): trainings, seminars,
sessions that develop the staff's customer-centric competences."""

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin
from cxflow.core.extensions import db
from cxflow.orgs.models import Office
from cxflow.users.models import User


class EventKind(enum.StrEnum):
    """Seed 004 footnote 5 (L105) lists meetings, contests, seminars and webinars, open
    discussions, exchange trips…; cxflow keeps four kinds (API.md)."""

    training = "training"
    seminar = "seminar"
    session = "session"
    other = "other"


EVENT_KIND_TITLES = {
    EventKind.training: _l("training"),
    EventKind.seminar: _l("seminar"),
    EventKind.session: _l("session"),
    EventKind.other: _l("other event"),
}


class CompetenceEvent(RegionScopedMixin, TimestampMixin, db.Model):
    __tablename__ = "competence_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("offices.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[dt.date] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[EventKind] = mapped_column(sa.Enum(EventKind, native_enum=False, length=16))
    participants: Mapped[int | None]
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    office: Mapped[Office | None] = relationship()
    author: Mapped[User | None] = relationship()
