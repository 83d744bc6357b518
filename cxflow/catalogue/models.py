"""The service catalogue (seed 000): public services, their service complexes and
individual services with the release and implementation mode."""

import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cxflow.core.extensions import db


class EntryKind(enum.StrEnum):
    public_service = "public_service"  # государственная услуга
    complex = "complex"  # комплекс сервисов
    service = "service"  # сервис


ENTRY_KIND_TITLES = {
    EntryKind.public_service: _l("public service"),
    EntryKind.complex: _l("service complex"),
    EntryKind.service: _l("service"),
}

# Stages of the service model (seed 000 Part 1: January 2022, December 2022).
MODEL_STAGE_TITLES = {
    "service_as_complex": _l("Service as a complex service (January 2022)"),
    "complex_of_services": _l("Complex of services (December 2022)"),
}

MODE_TITLES = {
    "result_and_process": _l("Result and process in the unified digital platform"),
    "result_only": _l("Result in the platform, process outside it"),
}


class CatalogueEntry(db.Model):
    """One line of the catalogue; complexes and services hang under a public service."""

    __tablename__ = "catalogue_entries"
    __table_args__ = (sa.UniqueConstraint("parent_id", "kind", "model_stage", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("catalogue_entries.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EntryKind] = mapped_column(sa.Enum(EntryKind, native_enum=False, length=16))
    key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)  # public services
    title: Mapped[str] = mapped_column(sa.String(300))
    audience: Mapped[str] = mapped_column(sa.String(16), default="")  # citizens | employers
    model_stage: Mapped[str] = mapped_column(sa.String(32), default="")
    mode: Mapped[str] = mapped_column(sa.String(32), default="")
    release: Mapped[int | None]
    release_note: Mapped[str] = mapped_column(sa.Text, default="")
    source: Mapped[str] = mapped_column(sa.String(300), default="")
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped["CatalogueEntry | None"] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list["CatalogueEntry"]] = relationship(
        back_populates="parent", order_by="CatalogueEntry.position", cascade="all, delete-orphan"
    )
