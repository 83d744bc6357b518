"""The composition root: builds the app from the modules of one list. It imports every domain
and nothing imports it (import-linter says so)."""

import secrets
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from cxflow import models  # noqa: F401 - registers every table with the metadata
from cxflow.auth.module import module as auth
from cxflow.bank.module import module as bank
from cxflow.calendar.module import module as calendar
from cxflow.catalogue.module import module as catalogue
from cxflow.celery_app import celery_init_app
from cxflow.cli import cxflow_cli
from cxflow.clients.module import module as clients
from cxflow.config import Config
from cxflow.consultations.module import module as consultations
from cxflow.core import error_pages, inputs, modules, security, templating, text_limits
from cxflow.core.api import Api
from cxflow.core.db import pool_options
from cxflow.core.extensions import babel, csrf, db, limiter, login_manager, migrate
from cxflow.core.routing import IdConverter, StringConverter
from cxflow.cycle.module import module as cycle
from cxflow.dashboards.module import module as dashboards
from cxflow.index.module import module as index
from cxflow.journeys.module import module as journeys
from cxflow.main.module import module as main
from cxflow.maturity.module import module as maturity
from cxflow.methodology.module import module as methodology
from cxflow.notifications.models import Notification
from cxflow.notifications.module import module as notifications
from cxflow.orgs.module import module as orgs
from cxflow.pilots.module import module as pilots
from cxflow.roadmaps.module import module as roadmaps
from cxflow.solutions.module import module as solutions
from cxflow.users.module import module as users
from cxflow.workflows import engine
from cxflow.workflows.module import module as workflows_module
from cxflow.working_groups.module import module as working_groups

ROOT = Path(__file__).resolve().parent.parent

# Every domain, foundation first; the header's links and a pilot's tabs are ordered by their
# own `order`, deadline sources by this list.
MODULES = [
    main,
    auth,
    orgs,
    users,
    calendar,
    catalogue,
    workflows_module,
    methodology,
    notifications,
    pilots,
    roadmaps,
    cycle,
    working_groups,
    clients,
    journeys,
    solutions,
    bank,
    dashboards,
    consultations,
    maturity,
    index,
]


def create_app(config: type[Config] | dict | None = None) -> Flask:
    app = Flask(
        __name__, instance_path=str(ROOT / "instance"), template_folder=str(ROOT / "templates")
    )
    configure(app, config)
    app.json.ensure_ascii = False  # API.md: UTF-8, Cyrillic as is
    app.request_class = inputs.Request  # every form, query argument and JSON body cleaned
    app.url_map.converters |= {
        "int": IdConverter,
        "default": StringConverter,
        "string": StringConverter,
    }
    register_extensions(app)
    text_limits.init_app(app)
    # written by the app, never by a client (the notifications domain may say it on its columns)
    text_limits.unlimited(Notification.body, Notification.email_error)
    security.init_app(app)
    error_pages.init_app(app)
    templating.init_app(app)
    register_modules(app)
    app.cli.add_command(cxflow_cli)
    return app


def configure(app: Flask, config: type[Config] | dict | None) -> None:
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{app.instance_path}/cxflow.sqlite3"
    # Settings given explicitly (SQLALCHEMY_ENGINE_OPTIONS) win over DB_POOL_*.
    engine_options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = pool_options(app.config) | engine_options
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")


def _instance_secret(path: Path) -> str:
    """A secret generated once per installation, so `make run` needs no configuration."""
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


@event.listens_for(Engine, "connect")
def _sqlite_setup(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, and let lower() (so ILIKE) fold Cyrillic as PostgreSQL
    does; the built-in one folds ASCII only."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.create_function(
            "lower", 1, lambda v: v.lower() if isinstance(v, str) else v, deterministic=True
        )


def select_locale() -> str:
    languages = list(Config.LANGUAGES)
    if not has_request_context():  # CLI and Celery: the default language
        return "ru"
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(languages) or "ru"
    chosen = session.get("lang") or getattr(current_user, "locale", None)
    return chosen if chosen in languages else "ru"


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = _l("Sign in to open this page.")
    login_manager.login_message_category = "info"


def register_modules(app: Flask) -> None:
    api = Api(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearer": []}]

    def register_api(blp) -> None:
        api.register_blueprint(blp)
        csrf.exempt(blp)

    registry = modules.register(app, MODULES, register_api)
    engine.check_guards()  # every guard a workflow declares is registered by now
    celery_init_app(app, registry.task_modules)
