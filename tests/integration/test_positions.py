"""Positions are unique per parent (issue #18 defect 5): the database refuses two stages or
roadmap lines at one place, the next position comes after the highest, and renumbering never
passes through a duplicate on the way (tests/integration/test_parallel_writes.py races it)."""

import pytest
import sqlalchemy as sa

from cxflow.core.db import lock, next_position, reorder
from cxflow.core.extensions import db
from cxflow.journeys.models import Journey, JourneyStage
from cxflow.journeys.services.stages import delete_stage, move_stage
from cxflow.roadmaps.models import Activity
from tests import factories


@pytest.fixture
def journey(pilot):
    first = factories.StageFactory(journey__pilot=pilot, position=1, title="1")
    for position in (2, 3, 4, 5):
        factories.StageFactory(journey=first.journey, position=position, title=str(position))
    db.session.commit()
    return first.journey


def _titles(journey) -> list[str]:
    db.session.expire_all()
    stmt = (
        sa.select(JourneyStage)
        .where(JourneyStage.journey_id == journey.id)
        .order_by(JourneyStage.position)
    )
    stages = db.session.scalars(stmt).all()
    assert [s.position for s in stages] == list(range(1, len(stages) + 1))
    return [s.title for s in stages]


def test_two_stages_at_one_position_are_refused(journey):
    with pytest.raises(sa.exc.IntegrityError):
        factories.StageFactory(journey=journey, position=3, title="второй третий")
        db.session.flush()
    db.session.rollback()


def test_two_roadmap_lines_at_one_place_are_refused(pilot):
    factories.ActivityFactory(pilot=pilot, sort_key="0001", number="1")
    with pytest.raises(sa.exc.IntegrityError):
        factories.ActivityFactory(pilot=pilot, sort_key="0001", number="1")
        db.session.flush()
    db.session.rollback()


def test_unplaced_roadmap_lines_do_not_collide(pilot):
    """A new line has no place ("") until the roadmap is renumbered in the same request."""
    factories.ActivityFactory(pilot=pilot, sort_key="")
    factories.ActivityFactory(pilot=pilot, sort_key="")
    db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Activity))
    assert count == 2


def test_the_next_position_follows_the_highest(journey):
    stages = sorted(journey.stages, key=lambda s: s.position)
    db.session.delete(stages[2])  # a gap: 1 2 4 5; count + 1 would give 5 again
    db.session.flush()
    position = next_position(journey, JourneyStage.position, JourneyStage.journey_id == journey.id)
    assert position == 6
    db.session.rollback()


def test_a_reversal_never_holds_two_stages_at_one_position(journey):
    """Reversing is the worst order: every UPDATE would collide if made in place."""
    stages = sorted(journey.stages, key=lambda s: s.position)
    reorder({stage: 6 - stage.position for stage in stages})
    db.session.commit()
    assert _titles(journey) == ["5", "4", "3", "2", "1"]


def test_moving_and_deleting_keep_the_numbers_gapless(world, journey):
    stages = sorted(journey.stages, key=lambda s: s.position)
    move_stage(world.regional_coordinator, stages[0], "down")
    db.session.commit()
    assert _titles(journey) == ["2", "1", "3", "4", "5"]
    delete_stage(world.regional_coordinator, stages[2])
    db.session.commit()
    assert _titles(journey) == ["2", "1", "4", "5"]


def test_locking_a_parent_changes_nothing_in_it(journey):
    before = db.session.execute(
        sa.select(Journey.updated_at, Journey.version).where(Journey.id == journey.id)
    ).one()
    lock(journey)
    db.session.commit()
    after = db.session.execute(
        sa.select(Journey.updated_at, Journey.version).where(Journey.id == journey.id)
    ).one()
    assert after == before
