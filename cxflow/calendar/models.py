"""Admin overrides of the production calendar (an extra day off or working day)."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import TimestampMixin
from cxflow.core.extensions import db
from cxflow.orgs.models import Region


class CalendarOverride(TimestampMixin, db.Model):
    """One day made working or non-working, for the whole country or for one region."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (
        sa.UniqueConstraint("day", "region_id", name="uq_calendar_overrides_day_region_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(index=True)
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    is_working: Mapped[bool]
    note: Mapped[str] = mapped_column(sa.String(200), default="")

    region: Mapped[Region | None] = relationship()
