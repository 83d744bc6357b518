"""Uploaded files belong to the transaction that wrote them (#18 defect 12)."""

import io

import pytest

from cxflow.core import files
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db


@pytest.fixture
def folder(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    return tmp_path


def _stored(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_a_committed_file_stays(folder):
    stored = files.save(io.BytesIO(b"%PDF-1.4"), "Отчёт.pdf")
    db.session.commit()
    assert files.path_of(stored.key).read_bytes() == b"%PDF-1.4"


def test_a_rolled_back_transaction_deletes_its_files(folder):
    files.save(io.BytesIO(b"%PDF-1.4"), "Отчёт.pdf")
    files.save(io.BytesIO(b"text"), "notes.txt")
    assert len(_stored(folder)) == 2
    db.session.rollback()
    assert _stored(folder) == []
    kept = files.save(io.BytesIO(b"%PDF-1.4"), "Второй.pdf")  # the next transaction commits
    db.session.commit()
    db.session.rollback()  # a later rollback touches nothing committed before it
    assert _stored(folder) == [files.path_of(kept.key)]


def test_a_session_closed_unfinished_deletes_its_files(folder):
    """A request that fails without a rollback: the session is removed at its end."""
    files.save(io.BytesIO(b"%PDF-1.4"), "Отчёт.pdf")
    db.session.remove()
    assert _stored(folder) == []


def test_a_refused_file_is_never_written(folder):
    with pytest.raises(ValidationError):
        files.save(io.BytesIO(b"MZ"), "setup.exe")
    db.session.commit()
    assert _stored(folder) == []
