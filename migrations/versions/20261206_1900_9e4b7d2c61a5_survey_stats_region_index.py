"""Survey statistics (issue #15): an index of counted answers by region and day, covering the
region's and the federal counts.

Revision ID: 9e4b7d2c61a5
Revises: ce2d83ad3776
Create Date: 2026-12-06 01:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "9e4b7d2c61a5"
down_revision = "ce2d83ad3776"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_responses_region_day",
            ["region_id", "received_on", "office_id", "respondent"],
            unique=False,
            postgresql_where=sa.text("counted IS true"),
            sqlite_where=sa.text("counted IS 1"),
        )


def downgrade():
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_responses_region_day")
