"""Uploaded files on disk under generated keys; the original (Unicode) name is kept apart.

Only document and image types the pilots exchange are accepted, checked by extension *and*
by the file's first bytes, so a renamed executable is refused.

A file belongs to the transaction of the session that saved it: when that transaction ends
without a commit (a refused form, a failed request, a rollback), the files it wrote are
deleted, so nothing is left on disk that no row points to.
"""

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db

_UNCOMMITTED_KEY = "cxflow_uncommitted_files"

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"  # old Office formats
# extension -> (content type, accepted leading bytes; None: any text)
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".png": ("image/png", (b"\x89PNG",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


@dataclass
class StoredFile:
    key: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def display_name(name: str) -> str:
    """Keep Cyrillic (werkzeug's secure_filename turns «Отчёт.pdf» into «pdf»); drop paths
    and control characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip(" .")
    return name[-200:] or "file"


def _root() -> Path:
    return Path(
        current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads"
    )


def _app_limit() -> int:
    return current_app.config["MAX_UPLOAD_BYTES"]


def save(
    stream: BinaryIO,
    filename: str,
    field: str = "file",
    *,
    extensions: frozenset[str] | None = None,
    max_bytes: int | None = None,
) -> StoredFile:
    """Store an upload; `extensions` and `max_bytes` narrow the defaults (ALLOWED, the app's
    MAX_UPLOAD_BYTES) for one kind of evidence."""
    name = display_name(filename)
    extension = Path(name).suffix.lower()
    accepted = extensions or frozenset(ALLOWED)
    if extension not in accepted:
        allowed = ", ".join(sorted(accepted))
        raise ValidationError(
            {field: _l("This file type is not accepted. Allowed: %(types)s", types=allowed)}
        )
    content_type, signatures = ALLOWED[extension]
    max_bytes = min(max_bytes or current_app.config["MAX_UPLOAD_BYTES"], _app_limit())
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise ValidationError({field: _l("The file is larger than %(mb)s MB.", mb=limit)})
    if not data:
        raise ValidationError({field: _l("The file is empty.")})
    if signatures and not data.startswith(signatures):
        raise ValidationError({field: _l("The file's content does not match its extension.")})
    now = datetime.now(UTC)
    key = f"{now:%Y}/{now:%m}/{uuid.uuid4().hex}"
    path = _root() / key
    path.parent.mkdir(parents=True, exist_ok=True)
    session = db.session()
    if not session.in_transaction():
        session.begin()  # the transaction the file belongs to, ended by commit or rollback
    session.info.setdefault(_UNCOMMITTED_KEY, []).append(path)  # before it exists on disk
    path.write_bytes(data)
    return StoredFile(key, name, content_type, len(data), hashlib.sha256(data).hexdigest())


@event.listens_for(Session, "after_commit")
def _keep_committed_files(session: Session) -> None:
    session.info.pop(_UNCOMMITTED_KEY, None)  # the rows pointing to them are stored


@event.listens_for(Session, "after_transaction_end")
def _delete_uncommitted_files(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction only, and after a commit the list is gone already: what is
    # left was written by a transaction that rolled back or was closed unfinished.
    if transaction.parent is not None:
        return
    for path in session.info.pop(_UNCOMMITTED_KEY, None) or ():
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:  # the row is gone either way; say what stays on disk
            current_app.logger.warning("could not delete the uncommitted file %s: %s", path, exc)


def path_of(key: str) -> Path:
    return _root() / key
