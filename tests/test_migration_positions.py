"""Migration 5b7e2c91d4a8 renumbers the duplicate positions the old race left (issue #18)
before it makes them unique, and keeps every row."""

import datetime as dt

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.journeys.models import Journey, JourneyStage
from cxflow.orgs.models import Region
from cxflow.pilots.models import Pilot
from cxflow.roadmaps.models import Activity
from tests.helpers import config_with

BEFORE = "5e55a0d7c1b4"


def _insert(connection, model, **values) -> int:
    """A row of `model` in the old schema: the columns added since are left out."""
    existing = {c["name"] for c in sa.inspect(connection).get_columns(model.__tablename__)}
    columns = [c._copy() for c in model.__table__.columns if c.name in existing]
    table = sa.Table(model.__tablename__, sa.MetaData(), *columns)
    return connection.execute(table.insert().values(**values)).inserted_primary_key[0]


def _seed_duplicates(connection) -> tuple[int, int]:
    region = _insert(connection, Region, code="52", name="Нижегородская область")
    pilot = _insert(
        connection,
        Pilot,
        region_id=region,
        title="Пилот",
        direction="journey",
        start_date=dt.date(2026, 9, 1),
    )
    journey = _insert(connection, Journey, region_id=region, pilot_id=pilot, title="Путь")
    for position, title in ((1, "А"), (2, "Б"), (2, "В"), (2, "Г"), (5, "Д")):
        _insert(
            connection,
            JourneyStage,
            region_id=region,
            pilot_id=pilot,
            journey_id=journey,
            position=position,
            title=title,
        )
    section = _insert(
        connection,
        Activity,
        region_id=region,
        pilot_id=pilot,
        kind="heading",
        title="Раздел",
        position=1,
        number="1",
        sort_key="0001",
    )
    for title in ("Первое", "Второе"):  # two lines both numbered 1.1
        _insert(
            connection,
            Activity,
            region_id=region,
            pilot_id=pilot,
            parent_id=section,
            title=title,
            position=1,
            number="1.1",
            sort_key="0001.0001",
        )
    return journey, pilot


def test_duplicates_are_renumbered_before_they_become_unique(tmp_path):
    app = create_app(config_with(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.sqlite3'}"))
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            journey, pilot = _seed_duplicates(connection)
        upgrade()
        with db.engine.connect() as connection:
            stages = connection.execute(
                sa.select(JourneyStage.title, JourneyStage.position)
                .where(JourneyStage.journey_id == journey)
                .order_by(JourneyStage.position)
            ).all()
            lines = connection.execute(
                sa.select(Activity.title, Activity.number, Activity.sort_key)
                .where(Activity.pilot_id == pilot)
                .order_by(Activity.sort_key)
            ).all()
        assert [tuple(s) for s in stages] == [("А", 1), ("Б", 2), ("В", 3), ("Г", 4), ("Д", 5)]
        assert [tuple(a) for a in lines] == [
            ("Раздел", "1", "0001"),
            ("Первое", "1.1", "0001.0001"),
            ("Второе", "1.2", "0001.0002"),
        ]
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
            connection.execute(
                sa.update(JourneyStage.__table__)
                .where(JourneyStage.title == "Д")
                .values(position=1)
            )
        db.engine.dispose()
