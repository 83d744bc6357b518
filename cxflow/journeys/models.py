"""Client journeys (путь клиента): ordered stages with touchpoints and pain points, and the
measurements of the experience taken at them (seed 001 §2.7, seed 003)."""

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.catalogue.models import CatalogueEntry
from cxflow.clients.models import ClientProfile
from cxflow.core.db import RegionScopedMixin, TimestampMixin, VersionedMixin
from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot
from cxflow.users.models import User


class StageKind(enum.StrEnum):
    """Stages are not always a straight line (seed 001 §2.7)."""

    regular = "regular"
    optional = "optional"
    conditional = "conditional"  # «если не удалось п.4»
    loop = "loop"  # «остается на учете, если не трудоустроился»
    pre_service = "pre_service"  # before the client reaches the office (Chelyabinsk)


STAGE_KIND_TITLES = {
    StageKind.regular: _l("regular"),
    StageKind.optional: _l("optional"),
    StageKind.conditional: _l("conditional"),
    StageKind.loop: _l("loop"),
    StageKind.pre_service: _l("before the service"),
}


class Channel(enum.StrEnum):
    site = "site"
    phone = "phone"
    visit = "visit"
    social = "social"
    portal = "portal"
    external = "external"
    other = "other"


CHANNEL_TITLES = {
    Channel.site: _l("website"),
    Channel.phone: _l("phone"),
    Channel.visit: _l("personal visit"),
    Channel.social: _l("social networks"),
    Channel.portal: _l("state portal"),
    Channel.external: _l("outside organisation"),
    Channel.other: _l("other"),
}


class Method(enum.StrEnum):
    """Measurement methods (API.md; seed 001 §9.2 lists the methods regions used)."""

    exit_poll = "exit_poll"
    mystery_shopper = "mystery_shopper"
    call_survey = "call_survey"
    site_statistics = "site_statistics"
    social_statistics = "social_statistics"
    questionnaire = "questionnaire"
    interview = "interview"
    complaints_analysis = "complaints_analysis"
    other = "other"


METHOD_TITLES = {
    Method.exit_poll: _l("exit poll"),
    Method.mystery_shopper: _l("mystery shopper"),
    Method.call_survey: _l("survey at the end of a call"),
    Method.site_statistics: _l("website statistics"),
    Method.social_statistics: _l("social network statistics"),
    Method.questionnaire: _l("questionnaire"),
    Method.interview: _l("interview"),
    Method.complaints_analysis: _l("analysis of complaints"),
    Method.other: _l("other"),
}


class Metric(enum.StrEnum):
    share_satisfied = "share_satisfied"  # percent 0–100
    mean_score = "mean_score"  # on an explicit scale (1–3, 1–5, 1–10 were all used)
    csi = "csi"
    ces = "ces"
    nps = "nps"
    custom = "custom"


METRIC_TITLES = {
    Metric.share_satisfied: _l("share satisfied, %"),
    Metric.mean_score: _l("mean score"),
    Metric.csi: _l("CSI"),
    Metric.ces: _l("CES"),
    Metric.nps: _l("NPS"),
    Metric.custom: _l("custom metric"),
}


class Journey(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """The journey of one profile through one public service."""

    __tablename__ = "journeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    profile_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("client_profiles.id", ondelete="SET NULL"), index=True
    )
    service_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("catalogue_entries.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    service: Mapped[str] = mapped_column(sa.String(300), default="")
    # «Гражданин осознал необходимость получить услугу…» (seed 001 §2.7)
    trigger: Mapped[str] = mapped_column(sa.Text, default="")

    pilot: Mapped[Pilot] = relationship()
    profile: Mapped[ClientProfile | None] = relationship()
    service_entry: Mapped[CatalogueEntry | None] = relationship()
    stages: Mapped[list["JourneyStage"]] = relationship(
        back_populates="journey", cascade="all, delete-orphan", order_by="JourneyStage.position"
    )


class JourneyStage(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A stage of the journey, one row of the map (seed 001 §2.7 columns)."""

    __tablename__ = "journey_stages"
    # Stage numbers are positions: one stage per number (cxflow.core.db.next_position). An
    # index rather than a table constraint: SQLite adds it without rebuilding the table.
    __table_args__ = (
        sa.Index("uq_journey_stages_position", "journey_id", "position", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(
        sa.ForeignKey("journeys.id", ondelete="CASCADE"), index=True
    )
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[StageKind] = mapped_column(
        sa.Enum(StageKind, native_enum=False, length=16), default=StageKind.regular
    )
    condition: Mapped[str] = mapped_column(sa.String(500), default="")
    client_goal: Mapped[str] = mapped_column(sa.Text, default="")
    client_thoughts: Mapped[str] = mapped_column(sa.Text, default="")  # one per line
    office_goal: Mapped[str] = mapped_column(sa.Text, default="")
    barriers: Mapped[str] = mapped_column(sa.Text, default="")  # one per line
    responsible_internal: Mapped[str] = mapped_column(sa.Text, default="")  # one per line
    responsible_external: Mapped[str] = mapped_column(sa.Text, default="")  # ФСИН, НКО …
    # the index's stage topic (methodology data: `information`, `booking` …): which indicators
    # this stage's index values show; blank = guessed from the title
    index_topic: Mapped[str] = mapped_column(sa.String(32), default="", server_default="")

    journey: Mapped[Journey] = relationship(back_populates="stages")
    touchpoints: Mapped[list["Touchpoint"]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="Touchpoint.id"
    )
    pain_points: Mapped[list["PainPoint"]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="PainPoint.id"
    )
    measurements: Mapped[list["Measurement"]] = relationship(
        back_populates="stage",
        cascade="all, delete-orphan",
        order_by="Measurement.period_end, Measurement.id",
    )


class Touchpoint(RegionScopedMixin, VersionedMixin, db.Model):
    """A point of contact within a stage: website, calls, a visit, a specialist…"""

    __tablename__ = "touchpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(
        sa.ForeignKey("journey_stages.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    channel: Mapped[Channel] = mapped_column(
        sa.Enum(Channel, native_enum=False, length=16), default=Channel.other
    )
    responsible: Mapped[str] = mapped_column(sa.String(300), default="")

    stage: Mapped[JourneyStage] = relationship(back_populates="touchpoints")


class PainPoint(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """A pain point («болевая точка») found at a stage."""

    __tablename__ = "pain_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(
        sa.ForeignKey("journey_stages.id", ondelete="CASCADE"), index=True
    )
    touchpoint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("touchpoints.id", ondelete="SET NULL")
    )
    description: Mapped[str] = mapped_column(sa.Text)
    evidence: Mapped[str] = mapped_column(sa.Text, default="")

    stage: Mapped[JourneyStage] = relationship(back_populates="pain_points")
    touchpoint: Mapped[Touchpoint | None] = relationship()


class Measurement(RegionScopedMixin, TimestampMixin, VersionedMixin, db.Model):
    """One measured value of the experience at a stage (or one of its touchpoints)."""

    __tablename__ = "measurements"
    __table_args__ = (
        sa.CheckConstraint("sample_size >= 0", name="sample_size_not_negative"),
        sa.CheckConstraint("period_end >= period_start", name="period_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pilots.id", ondelete="CASCADE"), index=True
    )
    stage_id: Mapped[int] = mapped_column(
        sa.ForeignKey("journey_stages.id", ondelete="CASCADE"), index=True
    )
    touchpoint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("touchpoints.id", ondelete="SET NULL")
    )
    method: Mapped[Method] = mapped_column(sa.Enum(Method, native_enum=False, length=32))
    metric: Mapped[Metric] = mapped_column(sa.Enum(Metric, native_enum=False, length=32))
    metric_name: Mapped[str] = mapped_column(sa.String(200), default="")  # for custom
    formula: Mapped[str] = mapped_column(sa.Text, default="")
    scale_min: Mapped[float | None]
    scale_max: Mapped[float | None]
    value: Mapped[float]
    sample_size: Mapped[int]
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    stage: Mapped[JourneyStage] = relationship(back_populates="measurements")
    touchpoint: Mapped[Touchpoint | None] = relationship()
    author: Mapped[User | None] = relationship()
