"""cxflow: customer-experience improvement pilots of Russia's public employment service."""

import secrets
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from cxflow.config import Config
from cxflow.core.routing import IdConverter

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | dict | None = None) -> Flask:
    app = Flask(
        __name__, instance_path=str(ROOT / "instance"), template_folder=str(ROOT / "templates")
    )
    configure(app, config)
    app.json.ensure_ascii = False  # API.md: UTF-8, Cyrillic as is
    app.url_map.converters["int"] = IdConverter
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_cli(app)
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
    import cxflow.models  # noqa: F401 - registers every table with the metadata
    from cxflow.celery_app import celery_init_app
    from cxflow.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    celery_init_app(app)

    from cxflow.notifications.services import dispatch_emails

    @app.after_request
    def _enqueue_emails(response):
        dispatch_emails()  # the view has committed: its notifications' e-mails may go
        return response

    login_manager.login_message = _l("Sign in to open this page.")
    login_manager.login_message_category = "info"


def register_blueprints(app: Flask) -> None:
    from cxflow.api import register_api
    from cxflow.auth.views import bp as auth_bp
    from cxflow.calendar.views import bp as calendar_bp
    from cxflow.catalogue.views import bp as catalogue_bp
    from cxflow.clients.views import bp as clients_bp
    from cxflow.consultations.views import bp as consultations_bp
    from cxflow.cycle.views import bp as cycle_bp
    from cxflow.journeys.views import bp as journeys_bp
    from cxflow.main.views import bp as main_bp
    from cxflow.notifications.views import bp as notifications_bp
    from cxflow.orgs.views import bp as orgs_bp
    from cxflow.roadmaps.feed_views import bp as feeds_bp
    from cxflow.roadmaps.spreadsheet_views import bp as roadmap_files_bp
    from cxflow.roadmaps.views import bp as roadmaps_bp
    from cxflow.solutions.bank_views import bp as bank_bp
    from cxflow.solutions.dashboard_views import bp as dashboard_bp
    from cxflow.solutions.spreadsheet_views import bp as solution_files_bp
    from cxflow.solutions.views import bp as solutions_bp
    from cxflow.users.views import bp as users_bp
    from cxflow.working_groups.views import bp as working_groups_bp

    for bp in (
        main_bp,
        auth_bp,
        orgs_bp,
        users_bp,
        calendar_bp,
        roadmaps_bp,
        feeds_bp,
        roadmap_files_bp,
        cycle_bp,
        working_groups_bp,
        clients_bp,
        journeys_bp,
        solutions_bp,
        solution_files_bp,
        dashboard_bp,
        bank_bp,
        catalogue_bp,
        consultations_bp,
        notifications_bp,
    ):
        app.register_blueprint(bp)
    register_api(app)


def register_errorhandlers(app: Flask) -> None:
    from cxflow.errors import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from cxflow.core.templating import init_app

    init_app(app)


def register_cli(app: Flask) -> None:
    from cxflow.cli import cxflow_cli

    app.cli.add_command(cxflow_cli)
