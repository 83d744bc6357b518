"""The declarative base, shared column mixins, optimistic locking (own collections bump the
version), the connection pool settings and unique positions of ordered children."""

from collections.abc import Mapping
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Mapper,
    Session,
    declared_attr,
    mapped_column,
    object_session,
)

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


def own_collections(mapper: Mapper) -> list[str]:
    """The collections that are part of an object's own state: many-to-many links (a pilot's
    offices) and children without a version of their own (a pilot's phases). Children with
    their own version (a journey's stages) are records of their own, guarded by it."""
    return [
        rel.key
        for rel in mapper.relationships
        if rel.uselist
        and (rel.secondary is not None or not issubclass(rel.mapper.class_, VersionedMixin))
    ]


@event.listens_for(Session, "before_flush")
def _bump_versions_of_changed_collections(session: Session, _context, _instances) -> None:
    """`version_id_col` bumps a version only when the row itself is UPDATEd; a change to
    nothing but an own collection (issue #18: a pilot's offices) would leave it, and a stale
    save of the title would then put the old offices back. Setting the next version makes
    SQLAlchemy UPDATE the row under the usual `WHERE version = <the version read>`."""
    for obj in session.dirty:
        if not isinstance(obj, VersionedMixin):
            continue
        state = sa.inspect(obj)
        if state.persistent and any(
            state.attrs[key].history.has_changes() for key in own_collections(state.mapper)
        ):
            obj.version = state.committed_state.get("version", obj.version) + 1


def pool_options(config: Mapping) -> dict:
    """The connection pool's size and wait from the settings; none for an in-memory SQLite
    database, which is one connection shared by all (no pool to size)."""
    url = sa.make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return {}
    return {
        "pool_size": config["DB_POOL_SIZE"],
        "max_overflow": config["DB_MAX_OVERFLOW"],
        "pool_timeout": config["DB_POOL_TIMEOUT"],
    }


class RegionScopedMixin:
    """An object that belongs to one region; cxflow.core.access decides who sees it."""

    @declared_attr
    def region_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey("regions.id"), index=True)


def check_version(obj: VersionedMixin, sent_version: int | None) -> None:
    """Refuse an edit made on a stale copy (the client sends back the version it read)."""
    if sent_version is None or int(sent_version) != obj.version:
        raise ConflictError(current_version=obj.version)


# --- ordered children ---------------------------------------------------------------------------
# Positions (a journey's stages, a roadmap's lines) are unique per parent by a constraint. A
# writer that derives one from the others (the next free position) locks the parent first, so
# writers of one parent take turns and each sees what the one before it committed (issue #18:
# 20 parallel «new stage» gave 6 duplicates); a renumbering moves rows aside before it puts
# them in place, so no statement ever sees two rows at one position.


def lock(obj) -> None:
    """Hold `obj`'s row until the transaction ends and read it afresh. PostgreSQL: SELECT …
    FOR UPDATE. SQLite has one writer at a time, but pysqlite reads outside a transaction until
    the first write: a no-op UPDATE of the row makes this transaction the writer first."""
    session = object_session(obj)
    mapper = sa.inspect(obj).mapper
    (key,) = mapper.primary_key
    ident = sa.inspect(obj).identity[0]
    if session.get_bind().dialect.name == "sqlite":
        table = mapper.local_table
        # Each column set to itself that an UPDATE would otherwise stamp (updated_at).
        same = {c.name: c for c in table.c if c.primary_key or c.onupdate is not None}
        session.execute(table.update().where(key == ident).values(same))
    session.execute(
        sa.select(mapper.class_)
        .where(key == ident)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def next_position(parent, position: sa.ColumnElement, *siblings: sa.ColumnElement) -> int:
    """One more than the highest `position` among the rows that `siblings` select, with
    `parent` locked until commit so that no other writer takes the same one."""
    lock(parent)
    highest = object_session(parent).scalar(sa.select(sa.func.max(position)).where(*siblings))
    return (highest or 0) + 1


def reorder(new: Mapping[object, object], attribute: str = "position") -> None:
    """Give rows new values of a column unique among their siblings (`new`: row → value)
    without a moment where two rows hold one value: the rows that move first step aside (to
    minus their new position, or the empty text key that the constraint leaves out), then take
    their places."""
    moving = {row: value for row, value in new.items() if getattr(row, attribute) != value}
    if not moving:
        return
    session = object_session(next(iter(moving)))
    for row, value in moving.items():
        setattr(row, attribute, -value if isinstance(value, int) else "")
    session.flush()
    for row, value in moving.items():
        setattr(row, attribute, value)
    session.flush()


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
