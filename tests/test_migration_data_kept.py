"""Upgrading a SQLite database keeps its rows: a migration that added columns by copying a table
(Alembic's batch mode) fired ON DELETE CASCADE when the old table was dropped and emptied the
tables that point at it (survey answers of the offices; child lines of a roadmap)."""

import datetime as dt

import sqlalchemy as sa
from flask_migrate import upgrade

from cxflow.app import create_app
from cxflow.core.extensions import db
from tests.helpers import config_with

BEFORE = "9e4b7d2c61a5"  # before the index scoring and roadmap-fed-by-the-cycle migrations
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _insert(connection, table_name: str, /, **values) -> None:
    """A row of the old schema, its other required columns filled with 0 or ''."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    required = {
        c.name: (0 if isinstance(c.type, sa.Integer | sa.Boolean) else "")
        for c in table.columns
        if not c.nullable and not c.primary_key and c.server_default is None
    }
    stamps = {k: NOW for k in ("created_at", "updated_at") if k in table.c}
    stamps |= {"version": 1} if "version" in table.c else {}
    connection.execute(table.insert().values(**(required | stamps | values)))


def test_answers_and_roadmap_lines_survive_the_upgrade(tmp_path):
    app = create_app(config_with(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'k.sqlite3'}"))
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            _insert(connection, "regions", id=1, code="52", name="R", network="centralized")
            _insert(connection, "offices", id=1, region_id=1, name="O", survey_token="t")
            _insert(
                connection,
                "survey_responses",
                office_id=1,
                region_id=1,
                respondent="seeker",
                answers="{}",
                profile="{}",
                received_at=NOW,
                received_on=NOW.date(),
                counted=True,
            )
            _insert(
                connection, "pilots", id=1, region_id=1, direction="journey", start_date=NOW.date()
            )
            lines = [dict(number="1", sort_key="0001", kind="heading")]
            lines += [dict(number=f"1.{n}", sort_key=f"0001.000{n}", parent_id=1) for n in (1, 2)]
            for n, line in enumerate(lines, start=1):
                _insert(connection, "activities", id=n, region_id=1, pilot_id=1, position=n, **line)
        upgrade()
        with db.engine.connect() as connection:
            count = connection.execute(sa.text("SELECT count(*) FROM survey_responses")).scalar()
            lines = connection.execute(sa.text("SELECT count(*) FROM activities")).scalar()
    assert (count, lines) == (1, 3)
