"""Migration 67793eab3981 adds its columns in place: a roadmap's sub-lines and the documents of
its lines survive it on SQLite (foreign keys on: a copied-and-dropped table would cascade), and
lines of templates made before get the artefact that completes them."""

import datetime as dt

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.orgs.models import Region
from cxflow.pilots.models import Deliverable, Pilot
from cxflow.roadmaps.models import Activity
from tests.helpers import config_with

BEFORE = "f4267891be10"


def _insert(connection, model, **values) -> int:
    """A row of `model` in the old schema: the columns added since are left out."""
    existing = {c["name"] for c in sa.inspect(connection).get_columns(model.__tablename__)}
    columns = [c._copy() for c in model.__table__.columns if c.name in existing]
    table = sa.Table(model.__tablename__, sa.MetaData(), *columns)
    return connection.execute(table.insert().values(**values)).inserted_primary_key[0]


def _seed(connection) -> int:
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    region = _insert(connection, Region, code="52", name="Нижегородская область")
    pilot = _insert(
        connection,
        Pilot,
        region_id=region,
        title="Пилот",
        direction="journey",
        template_key="journey-2021",
        template_version=1,
        start_date=dt.date(2026, 9, 1),
        created_at=now,
        updated_at=now,
        version=1,
    )
    common = {"region_id": region, "pilot_id": pilot, "created_at": now, "updated_at": now}
    section = _insert(
        connection, Activity, **common, kind="heading", title="Раздел", position=2, number="2",
        sort_key="0002", template_number="2", version=1,
    )  # fmt: skip
    portrait = _insert(
        connection, Activity, **common, parent_id=section, kind="activity", title="Портрет",
        position=4, number="2.4", sort_key="0002.0004", template_number="2.4", version=1,
    )  # fmt: skip
    _insert(
        connection, Activity, **common, parent_id=portrait, kind="activity", title="Часть",
        position=1, number="2.4.1", sort_key="0002.0004.0001", version=1,
    )  # fmt: skip
    _insert(
        connection, Deliverable, **common, activity_id=portrait, kind="other", title="Портрет.docx",
        url="https://example.org/p.docx",
    )  # fmt: skip
    return pilot


def _rows(pilot: int) -> tuple[list, int]:
    with db.engine.connect() as connection:
        lines = connection.execute(
            sa.select(Activity.number, Activity.completed_by)
            .where(Activity.pilot_id == pilot)
            .order_by(Activity.sort_key)
        ).all()
        documents = connection.scalar(sa.select(sa.func.count()).select_from(Deliverable))
    return [tuple(line) for line in lines], documents


def test_the_lines_and_their_documents_survive_and_learn_their_artefact(tmp_path):
    app = create_app(config_with(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            pilot = _seed(connection)
        upgrade()
        lines, documents = _rows(pilot)
        assert lines == [("2", None), ("2.4", "profile"), ("2.4.1", None)] and documents == 1
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            kept = connection.execute(sa.text("SELECT count(*) FROM activities")).scalar()
            files = connection.execute(sa.text("SELECT count(*) FROM deliverables")).scalar()
        assert (kept, files) == (3, 1)
        db.engine.dispose()
