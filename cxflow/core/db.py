"""The declarative base, shared column mixins and the optimistic-locking check."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from cxflow.core.errors import ConflictError


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class VersionedMixin:
    """Optimistic locking: every UPDATE bumps `version`; a stale writer gets a conflict."""

    version: Mapped[int] = mapped_column(nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


class RegionScopedMixin:
    """An object that belongs to one region; cxflow.core.access decides who sees it."""

    @declared_attr
    def region_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey("regions.id"), index=True)


def check_version(obj: VersionedMixin, sent_version: int | None) -> None:
    """Refuse an edit made on a stale copy (the client sends back the version it read)."""
    if sent_version is None or int(sent_version) != obj.version:
        raise ConflictError(current_version=obj.version)


class days_between(sa.sql.expression.FunctionElement):
    """`later − earlier` in whole calendar days, for two date expressions."""

    type = sa.Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "postgresql")
def _days_between_pg(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


@compiles(days_between)
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
