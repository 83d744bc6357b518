"""positions unique per parent: a journey's stages, a roadmap's lines (issue #18)

Existing duplicates (the race this closes) are renumbered first: stages 1…n per journey in
their order, and every line of a roadmap that has two lines at one place, as
cxflow.roadmaps.services.renumber numbers it. Unique indexes rather than table constraints:
SQLite adds an index without rebuilding the table (a rebuild would drop the old table with
foreign keys on, and ON DELETE CASCADE would take the lines' documents with it).

Revision ID: 5b7e2c91d4a8
Revises: d3f18a0c9e41
Create Date: 2026-12-06 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5b7e2c91d4a8"
down_revision = "d3f18a0c9e41"
branch_labels = None
depends_on = None

stages = sa.table(
    "journey_stages",
    sa.column("id", sa.Integer),
    sa.column("journey_id", sa.Integer),
    sa.column("position", sa.Integer),
)
activities = sa.table(
    "activities",
    sa.column("id", sa.Integer),
    sa.column("pilot_id", sa.Integer),
    sa.column("parent_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("number", sa.String),
    sa.column("sort_key", sa.String),
)


def _renumber_stages(connection) -> None:
    """Stages 1…n per journey, in the order of (position, id), where two share a position."""
    duplicated = (
        sa.select(stages.c.journey_id)
        .group_by(stages.c.journey_id, stages.c.position)
        .having(sa.func.count() > 1)
    )
    journeys = {row.journey_id for row in connection.execute(duplicated)}
    for journey_id in sorted(journeys):
        rows = connection.execute(
            sa.select(stages.c.id, stages.c.position)
            .where(stages.c.journey_id == journey_id)
            .order_by(stages.c.position, stages.c.id)
        ).all()
        for position, row in enumerate(rows, start=1):
            if row.position != position:
                connection.execute(
                    sa.update(stages).where(stages.c.id == row.id).values(position=position)
                )


def _renumber_roadmaps(connection) -> None:
    """Numbers and sort keys from the positions, for each roadmap with two lines at one place
    (renumber() in cxflow.roadmaps.services, in SQL rows)."""
    duplicated = (
        sa.select(activities.c.pilot_id)
        .where(activities.c.sort_key != "")
        .group_by(activities.c.pilot_id, activities.c.sort_key)
        .having(sa.func.count() > 1)
    )
    pilots = {row.pilot_id for row in connection.execute(duplicated)}
    for pilot_id in sorted(pilots):
        rows = connection.execute(
            sa.select(activities.c.id, activities.c.parent_id, activities.c.position).where(
                activities.c.pilot_id == pilot_id
            )
        ).all()
        children: dict = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        _walk(connection, children, None, "", "")


def _walk(connection, children: dict, parent_id, prefix: str, key: str) -> None:
    for index, row in enumerate(sorted(children.get(parent_id, []), key=lambda r: (r.position, r.id)), 1):
        number, sort_key = f"{prefix}{index}", f"{key}{index:04d}"
        connection.execute(
            sa.update(activities)
            .where(activities.c.id == row.id)
            .values(position=index, number=number, sort_key=sort_key)
        )
        _walk(connection, children, row.id, number + ".", sort_key + ".")


def upgrade():
    connection = op.get_bind()
    _renumber_stages(connection)
    _renumber_roadmaps(connection)
    op.create_index(
        "uq_journey_stages_position", "journey_stages", ["journey_id", "position"], unique=True
    )
    op.create_index(
        "uq_activities_sort_key",
        "activities",
        ["pilot_id", "sort_key"],
        unique=True,
        sqlite_where=sa.text("sort_key <> ''"),
        postgresql_where=sa.text("sort_key <> ''"),
    )


def downgrade():
    op.drop_index("uq_activities_sort_key", table_name="activities")
    op.drop_index("uq_journey_stages_position", table_name="journey_stages")
