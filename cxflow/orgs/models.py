"""Region and Office models."""

import enum
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin
from cxflow.core.extensions import db


class Network(enum.StrEnum):
    """How a region's employment service is organised; seed 002 computes the index per type."""

    centralized = "centralized"
    decentralized = "decentralized"


NETWORK_TITLES = {
    Network.centralized: _l("centralized"),
    Network.decentralized: _l("decentralized"),
}


class Region(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(2), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    network: Mapped[Network] = mapped_column(
        sa.Enum(Network, native_enum=False, length=16), default=Network.centralized
    )
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Moscow")

    offices: Mapped[list["Office"]] = relationship(back_populates="region", order_by="Office.name")

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name}>"


def new_survey_token() -> str:
    return secrets.token_urlsafe(16)


class Office(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "offices"
    __table_args__ = (
        sa.UniqueConstraint("region_id", "name", name="uq_offices_region_id_name"),
        # one managing office (аппарат управления) per region: seed 002 remarks #1, #35, #47
        sa.Index(
            "uq_offices_managing_office",
            "region_id",
            unique=True,
            postgresql_where=sa.text("is_managing_office IS true"),
            sqlite_where=sa.text("is_managing_office IS 1"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    address: Mapped[str] = mapped_column(sa.String(500), default="")
    # The secret in the office's public survey link (/s/<token>); rotating it kills old QR codes.
    survey_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_survey_token)
    # Optional, e.g. «пн-пт 09:00-18:00; сб 10:00-14:00»: where set, kiosk answers sent outside
    # them are flagged for review (issue #15).
    opening_hours: Mapped[str] = mapped_column(sa.String(300), default="")
    # Where the index's managing-office indicators are filled and shown once per region.
    is_managing_office: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    region: Mapped[Region] = relationship(back_populates="offices")

    def __repr__(self) -> str:
        return f"<Office {self.id} {self.name}>"
