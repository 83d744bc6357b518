"""Anonymous survey responses of an office's clients (seed 002 App. 6/7) and the flags raised
on suspicious ones. Nothing here identifies a person: no IP address, user agent or account;
duplicate detection keeps only `device_hash`, a keyed hash that changes every day."""

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.db import RegionScopedMixin, utcnow
from cxflow.core.extensions import db
from cxflow.orgs.models import Office
from cxflow.users.models import User


class Respondent(enum.StrEnum):
    seeker = "seeker"
    employer = "employer"


RESPONDENT_TITLES = {Respondent.seeker: _l("job seeker"), Respondent.employer: _l("employer")}


class FlagStatus(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"


class SurveyResponse(RegionScopedMixin, db.Model):
    """One questionnaire sent for one office. `region_id` is the office's, kept here so the
    scoping mechanism and the region's counts need no join. `counted` is false while a flag
    waits for review or after it was rejected: only counted answers enter counts and scores."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        sa.Index("ix_survey_responses_office_day", "office_id", "received_on", "respondent"),
        sa.Index("ix_survey_responses_device", "device_hash", "received_at"),
        # The region's and the federal counts read only this index (benchmarks/README.md:
        # 2 000 000 answers, a region's 30 days in under a millisecond on PostgreSQL).
        sa.Index(
            "ix_survey_responses_region_day",
            "region_id",
            "received_on",
            "office_id",
            "respondent",
            postgresql_where=sa.text("counted IS true"),
            sqlite_where=sa.text("counted IS 1"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id", ondelete="CASCADE"))
    respondent: Mapped[Respondent] = mapped_column(
        sa.Enum(Respondent, native_enum=False, length=16)
    )
    questionnaire_key: Mapped[str] = mapped_column(sa.String(64))
    questionnaire_version: Mapped[int]
    answers: Mapped[dict] = mapped_column(sa.JSON)
    profile: Mapped[dict] = mapped_column(sa.JSON)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    received_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    received_on: Mapped[dt.date]  # the date in the office's region: counts go by it
    device_hash: Mapped[str] = mapped_column(sa.String(64))  # keyed, rotates daily, never shown
    answers_hash: Mapped[str] = mapped_column(sa.String(64))  # equal answers, equal hash
    counted: Mapped[bool] = mapped_column(default=True)

    office: Mapped[Office] = relationship()
    flag: Mapped["SurveyFlag | None"] = relationship(back_populates="response")


class SurveyFlag(RegionScopedMixin, db.Model):
    """Why a response looks suspicious, and the reviewer's decision. A flagged response is
    never dropped: accepting it counts it, rejecting it keeps it out; both stay recorded."""

    __tablename__ = "survey_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_responses.id", ondelete="CASCADE"), unique=True
    )
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id", ondelete="CASCADE"))
    reasons: Mapped[list] = mapped_column(sa.JSON)  # burst | identical | too_fast | off_hours
    status: Mapped[FlagStatus] = mapped_column(
        sa.Enum(FlagStatus, native_enum=False, length=16), default=FlagStatus.pending, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    response: Mapped[SurveyResponse] = relationship(back_populates="flag")
    office: Mapped[Office] = relationship()
    decided_by: Mapped[User | None] = relationship()
