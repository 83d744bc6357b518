"""The service catalogue: loaded from cxflow/catalogue/data/services.toml (seed 000 and the
services of seed 001's pilots), listed for pages, the API and the journey forms."""

import tomllib
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from cxflow.catalogue.models import CatalogueEntry, EntryKind
from cxflow.core.extensions import db

DATA_FILE = Path(__file__).parent / "data" / "services.toml"


def load_catalogue(path: Path = DATA_FILE) -> int:
    """Add the entries of the data file that are not in the database yet (matched by key
    or by parent, kind, model stage and title); returns how many were added."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    existing = {
        e.key: e
        for e in db.session.scalars(
            sa.select(CatalogueEntry).where(CatalogueEntry.key.is_not(None))
        )
    }
    added = 0
    for position, item in enumerate(data.get("public_service", []), start=1):
        service = existing.get(item["key"])
        if service is None:
            service = CatalogueEntry(kind=EntryKind.public_service, key=item["key"])
            db.session.add(service)
            added += 1
        service.title, service.audience = item["title"], item.get("audience", "")
        service.source, service.position = item.get("source", ""), position
        added += _load_children(service, item)
    db.session.flush()
    return added


def _load_children(parent: CatalogueEntry, item: dict) -> int:
    known = {(c.kind, c.model_stage, c.title): c for c in parent.children}
    added = 0
    rows = [(EntryKind.complex, c) for c in item.get("complex", [])]
    rows += [(EntryKind.service, s) for s in item.get("service", [])]
    for position, (kind, row) in enumerate(rows, start=1):
        key = (kind, row.get("model_stage", ""), row["title"])
        entry = known.get(key)
        if entry is None:
            entry = CatalogueEntry(kind=kind, model_stage=key[1], title=row["title"])
            parent.children.append(entry)
            known[key] = entry
            added += 1
        entry.mode, entry.release = row.get("mode", ""), row.get("release")
        entry.release_note = row.get("release_note", "")
        entry.source, entry.position = row.get("source", parent.source), position
    return added


def public_services() -> list[CatalogueEntry]:
    """Every public service with its complexes and services, in the file's order."""
    stmt = (
        sa.select(CatalogueEntry)
        .where(CatalogueEntry.kind == EntryKind.public_service)
        .options(selectinload(CatalogueEntry.children))
        .order_by(CatalogueEntry.position, CatalogueEntry.id)
    )
    return list(db.session.scalars(stmt))


def service_options() -> list[tuple[int, str]]:
    """(id, title) of the public services and their services, for a journey's service."""
    options = []
    for service in public_services():
        options.append((service.id, service.title))
        options += [
            (child.id, f"{service.title} — {child.title}")
            for child in service.children
            if child.kind == EntryKind.service
        ]
    return options
