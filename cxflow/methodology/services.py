"""Recording the methodology versions in use: a stored object names a (kind, key, version) that
this table keeps, and a version once recorded never changes its content."""

import sqlalchemy as sa

from cxflow.core import methodology
from cxflow.core.extensions import db
from cxflow.core.methodology import Document
from cxflow.methodology.models import MethodologyVersion


class ChangedWithoutNewVersion(RuntimeError):
    """A data file was edited but kept its version: raise `version` in the file."""


def record(document: Document) -> MethodologyVersion:
    """The row of `document`'s version, added when new (the caller commits)."""
    row = db.session.scalar(
        sa.select(MethodologyVersion).filter_by(
            kind=document.kind, key=document.key, version=document.version
        )
    )
    if row is None:
        row = MethodologyVersion(
            kind=document.kind,
            key=document.key,
            version=document.version,
            title=document.title,
            sha256=document.sha256,
            content=document.raw,
        )
        db.session.add(row)
        db.session.flush()
    elif row.sha256 != document.sha256:
        raise ChangedWithoutNewVersion(
            f"{document.kind}/{document.key}: version {document.version} was loaded with other "
            "content; give the changed file a new version"
        )
    elif row.content is None:  # recorded before contents were kept
        row.content = document.raw
    return row


def content_of(kind: str, key: str, version: int) -> dict | None:
    """A recorded version's document: the file's when current, else the stored copy."""
    document = methodology.documents(kind).get(key)
    if document is not None and document.version == version:
        return document.raw
    return db.session.scalar(
        sa.select(MethodologyVersion.content).filter_by(kind=kind, key=key, version=version)
    )


def record_all() -> list[MethodologyVersion]:
    """Record the current version of every document of every kind; returns the new rows."""
    known = set(db.session.scalars(sa.select(MethodologyVersion.id)))
    rows = [
        record(document)
        for kind in methodology.kinds()
        for document in methodology.documents(kind).values()
    ]
    return [row for row in rows if row.id not in known]


def versions() -> list[MethodologyVersion]:
    stmt = sa.select(MethodologyVersion).order_by(
        MethodologyVersion.kind, MethodologyVersion.key, MethodologyVersion.version.desc()
    )
    return list(db.session.scalars(stmt))


def is_current(row: MethodologyVersion) -> bool:
    document = methodology.documents(row.kind).get(row.key)
    return document is not None and document.version == row.version
