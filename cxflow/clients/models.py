"""Who the clients are and what they value: client KPIs and client profiles (портрет)."""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin, utcnow
from cxflow.core.extensions import db
from cxflow.orgs.models import Office
from cxflow.pilots.models import Pilot
from cxflow.users.models import User


class KpiGroup(enum.StrEnum):
    """The five groups of client KPIs (seed 001 §2.2, L220–225)."""

    problem_solving = "problem_solving"
    personalisation = "personalisation"
    effort = "effort"
    comfort = "comfort"
    service_culture = "service_culture"


KPI_GROUP_TITLES = {
    KpiGroup.problem_solving: _l("Solving the client's problem"),
    KpiGroup.personalisation: _l("Personalised interaction"),
    KpiGroup.effort: _l("Minimal client effort"),
    KpiGroup.comfort: _l("External comfort"),
    KpiGroup.service_culture: _l("Service culture"),
}


class ClientKpi(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A client KPI; baseline and target are text because the sources state them so
    («61% в 2021 г.», «установлен Минтрудом»)."""

    __tablename__ = "client_kpis"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    group: Mapped[KpiGroup] = mapped_column(sa.Enum(KpiGroup, native_enum=False, length=32))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    unit: Mapped[str] = mapped_column(sa.String(50), default="")
    formula: Mapped[str] = mapped_column(sa.Text, default="")
    baseline: Mapped[str] = mapped_column(sa.String(200), default="")
    target: Mapped[str] = mapped_column(sa.String(200), default="")

    pilot: Mapped[Pilot] = relationship()


# A merged profile remembers the drafts it was made from (seed 001 §2.6: Udmurtia 3 → 1).
profile_sources = sa.Table(
    "client_profile_sources",
    db.metadata,
    sa.Column(
        "profile_id", sa.ForeignKey("client_profiles.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "source_id", sa.ForeignKey("client_profiles.id", ondelete="CASCADE"), primary_key=True
    ),
)


class ClientType(enum.StrEnum):
    """Whom a profile describes; maturity item 5 counts profiles per type (seed 004 §1 L52:
    «1 (соискатель) + 1 (работодатель)»)."""

    seeker = "seeker"
    employer = "employer"


CLIENT_TYPE_TITLES = {
    ClientType.seeker: _l("job seeker"),
    ClientType.employer: _l("employer"),
}


class ClientProfile(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A client portrait (seed 001 §2.6, seed 003): header fields, then values, wishes,
    pains, goals and quotes as lists (one item per line); `extra` holds group-specific
    header fields such as «Группа инвалидности»."""

    __tablename__ = "client_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offices.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(300))
    target_group: Mapped[str] = mapped_column(sa.String(300), default="")
    client_type: Mapped[ClientType | None] = mapped_column(
        sa.Enum(ClientType, native_enum=False, length=16), index=True
    )
    persona_name: Mapped[str] = mapped_column(sa.String(200), default="")
    age: Mapped[str] = mapped_column(sa.String(100), default="")
    gender: Mapped[str] = mapped_column(sa.String(100), default="")
    family_status: Mapped[str] = mapped_column(sa.String(300), default="")
    education: Mapped[str] = mapped_column(sa.Text, default="")
    experience: Mapped[str] = mapped_column(sa.Text, default="")
    preferred_channels: Mapped[str] = mapped_column(sa.Text, default="")
    goals: Mapped[str] = mapped_column(sa.Text, default="")
    values: Mapped[str] = mapped_column(sa.Text, default="")
    wishes: Mapped[str] = mapped_column(sa.Text, default="")
    pains: Mapped[str] = mapped_column(sa.Text, default="")
    quotes: Mapped[str] = mapped_column(sa.Text, default="")
    extra: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # A draft that went into a merged profile stays readable but is marked so.
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("client_profiles.id", ondelete="SET NULL")
    )

    pilot: Mapped[Pilot] = relationship()
    office: Mapped[Office | None] = relationship()
    sources: Mapped[list["ClientProfile"]] = relationship(
        secondary=profile_sources,
        primaryjoin=lambda: ClientProfile.id == profile_sources.c.profile_id,
        secondaryjoin=lambda: ClientProfile.id == profile_sources.c.source_id,
        order_by=lambda: ClientProfile.id,
    )
    revisions: Mapped[list["ProfileRevision"]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        order_by="ProfileRevision.version.desc()",
    )


class ProfileRevision(db.Model):
    """A snapshot of a profile as saved, one per version, for its history."""

    __tablename__ = "client_profile_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("client_profiles.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    data: Mapped[dict] = mapped_column(sa.JSON)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    profile: Mapped[ClientProfile] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()
