"""roadmap fed by the cycle: the artefact that completes a line, optional and past lines, the
meeting that approves the roadmap, a link on a transition

Revision ID: 67793eab3981
Revises: f4267891be10
Create Date: 2026-12-06 21:00:00

Lines of roadmaps made before this revision get the artefact that completes them from the
templates' version 2 (the same line numbers as version 1); the CX cycle closes them at its next
change.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "67793eab3981"
down_revision = "f4267891be10"
branch_labels = None
depends_on = None

# template key -> line -> artefact (cxflow/methodology/data/roadmaps/*.toml, `completed_by`)
COMPLETED_BY = {
    "journey-2021": {
        "1.3": "order",
        "2.2": "kpis",
        "2.3": "meeting-1",
        "2.4": "profile",
        "2.5": "journey",
        "2.6": "meeting-2",
        "2.7": "measurements",
        "2.8": "solution_map",
        "2.9": "meeting-3",
        "2.12": "meeting-4",
    },
    "cx-system": {"1.1": "order", "1.7": "journey"},
}


def _add(table: str, *columns: sa.Column) -> None:
    # Plain ALTER TABLE … ADD COLUMN, never batch mode: on SQLite a batch copies the table and
    # drops the old one, and with foreign keys on that drop deletes what references its rows
    # (documents of a roadmap line, its sub-lines: ON DELETE CASCADE).
    for column in columns:
        op.add_column(table, column)


def _drop(table: str, *names: str) -> None:
    for name in names:
        op.drop_column(table, name)  # SQLite ≥ 3.35 drops a plain column in place


def upgrade():
    _add(
        "activities",
        sa.Column("optional", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("past_at_creation", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("completed_by", sa.String(length=32), nullable=True),
        sa.Column("artefact_title", sa.String(length=300), nullable=False, server_default=""),
        sa.Column("artefact_path", sa.String(length=500), nullable=True),
        sa.Column("artefact_ready", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("done_by_cycle", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("cycle_note", sa.Text(), nullable=False, server_default=""),
    )
    _add(
        "working_group_meetings",
        sa.Column("approves_roadmap", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    _add("transition_records", sa.Column("link", sa.String(length=500), nullable=True))

    activities = sa.table(
        "activities",
        sa.column("pilot_id", sa.Integer),
        sa.column("template_number", sa.String),
        sa.column("completed_by", sa.String),
    )
    pilots = sa.table("pilots", sa.column("id", sa.Integer), sa.column("template_key", sa.String))
    for key, lines in COMPLETED_BY.items():
        made_from = sa.select(pilots.c.id).where(pilots.c.template_key == key)
        for number, artefact in lines.items():
            op.execute(
                activities.update()
                .where(
                    activities.c.pilot_id.in_(made_from),
                    activities.c.template_number == number,
                )
                .values(completed_by=artefact)
            )


def downgrade():
    _drop("transition_records", "link")
    _drop("working_group_meetings", "approves_roadmap")
    _drop(
        "activities",
        "cycle_note",
        "done_by_cycle",
        "artefact_ready",
        "artefact_path",
        "artefact_title",
        "completed_by",
        "past_at_creation",
        "optional",
    )
