"""GET /healthz: is the app up, can it reach its database and broker."""

import sqlalchemy as sa
from flask import current_app

from cxflow.core.api import Blueprint
from cxflow.core.extensions import db
from cxflow.core.routing import public
from cxflow.main.schemas import (
    HealthSchema,
)

blp = Blueprint("health", __name__, url_prefix="/", description="Health check")


def _database_state() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return "ok"
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return "error"


def _broker_state() -> str:
    celery = current_app.extensions["celery"]
    if celery.conf.task_always_eager:
        return "eager"
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "error"


@blp.route("healthz")
@blp.doc(security=[])
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema)
@public
def healthz():
    state = {"database": _database_state(), "broker": _broker_state()}
    healthy = "error" not in state.values()
    return {"status": "ok" if healthy else "error", **state}, 200 if healthy else 503
