"""`flask db upgrade` on an empty database gives exactly the models; downgrade works."""

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from cxflow.app import create_app
from cxflow.config import TestConfig
from cxflow.core.extensions import db
from tests.helpers import config_with


def _diff(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def _round_trip(url: str) -> None:
    app = create_app(config_with(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
        assert _diff(db.engine) == []
        assert _tables(db.engine) == set(db.metadata.tables)
        downgrade(revision="base")
        assert _tables(db.engine) == set()
        upgrade()
        assert _diff(db.engine) == []
        db.engine.dispose()


def test_migrations_on_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")


@pytest.mark.skipif(
    not TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql"),
    reason="runs when TEST_DATABASE_URL names a PostgreSQL server",
)
def test_migrations_on_postgresql():
    server = sa.make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
    name = f"cxflow_migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        _round_trip(server.set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
