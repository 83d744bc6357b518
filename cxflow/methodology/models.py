"""Which version of each methodology document was loaded, and when."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from cxflow.core.db import utcnow
from cxflow.core.extensions import db


class MethodologyVersion(db.Model):
    __tablename__ = "methodology_versions"
    __table_args__ = (sa.UniqueConstraint("kind", "key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32))  # roadmaps | maturity | index …
    key: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    # the document as loaded, so what was made under an old version can still be recomputed
    content: Mapped[dict | None] = mapped_column(sa.JSON)
    loaded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
