"""The Russian catalogue is complete and matches the strings in the code."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "cxflow/translations/ru/LC_MESSAGES/messages.po"


def _ids(path: Path) -> set[str]:
    with path.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def test_every_string_in_the_code_has_a_russian_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            Path(sys.executable).with_name("pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    missing = _ids(pot) - _ids(CATALOGUE)
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"
    with CATALOGUE.open("rb") as f:
        untranslated = [m.id for m in read_po(f) if m.id and not m.string]
    assert not untranslated


def test_dates_are_shown_as_dd_mm_yyyy(app):
    import datetime as dt

    from cxflow.core.templating import dmy

    assert dmy(dt.date(2026, 3, 9)) == "09.03.2026"
    assert dmy(None) == ""


def test_no_message_is_translated_twice():
    """Branches append to the catalogue and merge by union: a message added on two of them
    must be kept once (the compiler silently keeps one of the two translations)."""
    ids = [
        line
        for line in CATALOGUE.read_text(encoding="utf-8").splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
