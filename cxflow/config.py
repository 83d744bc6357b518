"""Settings read from the environment (API.md "Settings that scripts and tests rely on")."""

import os
from datetime import timedelta

from celery.schedules import crontab


def _database_url(variable: str = "DATABASE_URL") -> str | None:
    url = os.environ.get(variable)
    # Heroku-style URLs name the old driver; psycopg 3 is the one installed.
    if url and url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Config:
    SQLALCHEMY_DATABASE_URI = _database_url()  # None: SQLite under instance/, set in create_app
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # A request holds one connection at a time (issue #18), so the pool of each server
    # process needs room for its threads; a request that still finds it dry waits at most
    # DB_POOL_TIMEOUT seconds and is answered 503 "busy, try again" (cxflow.core.db).
    DB_POOL_SIZE = int(os.environ.get("CXFLOW_DB_POOL_SIZE", "10"))
    DB_MAX_OVERFLOW = int(os.environ.get("CXFLOW_DB_MAX_OVERFLOW", "10"))
    DB_POOL_TIMEOUT = int(os.environ.get("CXFLOW_DB_POOL_TIMEOUT", "10"))
    SECRET_KEY = os.environ.get("SECRET_KEY")  # None: generated into instance/
    REDIS_URL = os.environ.get("REDIS_URL")

    BABEL_DEFAULT_LOCALE = "ru"
    BABEL_DEFAULT_TIMEZONE = "Europe/Moscow"
    LANGUAGES = {"ru": "Русский", "en": "English"}

    # Served over HTTPS (behind TLS): cookies get `Secure`, responses HSTS (cxflow.core.security).
    SECURE_COOKIES = os.environ.get("CXFLOW_SECURE_COOKIES", "") in ("1", "true", "yes")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    MAX_UPLOAD_BYTES = int(os.environ.get("CXFLOW_MAX_UPLOAD_MB", "20")) * 1024 * 1024
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES + 1024 * 1024  # the file plus the form around it
    UPLOAD_FOLDER = os.environ.get("CXFLOW_UPLOAD_FOLDER")  # None: instance/uploads

    PASSWORD_HASH_METHOD = "scrypt"
    API_TOKEN_TTL = timedelta(hours=int(os.environ.get("CXFLOW_TOKEN_TTL_HOURS", "24")))
    LOGIN_RATE_LIMIT = os.environ.get("CXFLOW_LOGIN_RATE_LIMIT", "5 per minute;30 per hour")
    LOGIN_ADDRESS_RATE_LIMIT = os.environ.get(
        "CXFLOW_LOGIN_ADDRESS_RATE_LIMIT", "10 per minute;50 per hour"
    )
    # Proxies in front of cxflow whose X-Forwarded-For/-Proto are trusted (limits are per
    # client address, which behind a proxy only the proxy knows).
    TRUSTED_PROXIES = int(os.environ.get("CXFLOW_TRUSTED_PROXIES", "0"))
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Redis unreachable (down, a wrong REDIS_URL): the limits are counted in this process's
    # memory with a logged warning, and Redis is tried again now and then; never a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_ENABLED = True  # explicit: the limiter is a singleton that keeps the last value
    RATELIMIT_HEADERS_ENABLED = True
    # Office surveys (issue #15). The limit is per client: address plus the device's cookie,
    # so one office's kiosk and its visitors' phones behind one address are limited apart.
    SURVEY_RATE_LIMIT = os.environ.get("CXFLOW_SURVEY_RATE_LIMIT", "20 per 10 minutes;60 per hour")
    # cxflow's default minimum of answers per indicator and period, not the seed's (App. 6/7).
    # evidence of an index checklist: a photo, a screenshot or a PDF up to this size
    INDEX_EVIDENCE_MAX_MB = int(os.environ.get("CXFLOW_INDEX_EVIDENCE_MAX_MB", "10"))
    SURVEY_MIN_RESPONSES = int(os.environ.get("CXFLOW_SURVEY_MIN_RESPONSES", "10"))
    # Suspicious answers are flagged for review, never dropped. The defaults leave ordinary
    # kiosk use alone (one client after another takes minutes each):
    SURVEY_BURST_COUNT = int(os.environ.get("CXFLOW_SURVEY_BURST_COUNT", "6"))  # more than this…
    SURVEY_BURST_MINUTES = int(os.environ.get("CXFLOW_SURVEY_BURST_MINUTES", "10"))  # …in these
    SURVEY_IDENTICAL_RUN = int(os.environ.get("CXFLOW_SURVEY_IDENTICAL_RUN", "3"))  # equal in a row
    SURVEY_MIN_SECONDS = int(os.environ.get("CXFLOW_SURVEY_MIN_SECONDS", "20"))  # shown → sent
    # PostgreSQL: a survey answer's commit does not wait for the disk (cxflow.index.services.
    # intake); "0" makes it wait like every other write.
    SURVEY_ASYNC_COMMIT = os.environ.get("CXFLOW_SURVEY_ASYNC_COMMIT", "1") != "0"
    DEMO_PASSWORD = os.environ.get("CXFLOW_DEMO_PASSWORD", "cxflow-demo")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")  # None: e-mails are written to the log
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "cxflow <noreply@cxflow.local>")
    # A failed e-mail is retried MAIL_MAX_RETRIES times, waiting MAIL_RETRY_BACKOFF seconds
    # doubled each time (at most an hour); then it is listed at /admin/emails.
    MAIL_MAX_RETRIES = int(os.environ.get("CXFLOW_MAIL_MAX_RETRIES", "5"))
    MAIL_RETRY_BACKOFF = int(os.environ.get("CXFLOW_MAIL_RETRY_BACKOFF", "60"))
    # Seconds an SMTP exchange may take (a server that accepts and never answers times out).
    MAIL_TIMEOUT = float(os.environ.get("CXFLOW_MAIL_TIMEOUT", "10"))
    # A sender holds a claimed e-mail this long; one that died is replaced after it.
    MAIL_CLAIM_SECONDS = int(os.environ.get("CXFLOW_MAIL_CLAIM_SECONDS", "300"))
    # The beat sweep sends pending e-mails this many seconds past due (enqueue lost, worker
    # gone); they are shown as late at /admin/emails meanwhile.
    MAIL_SWEEP_AFTER = int(os.environ.get("CXFLOW_MAIL_SWEEP_AFTER", "300"))
    MAIL_SENDER_POLL = 60  # without Redis: the background sender looks for due retries
    PUBLIC_BASE_URL = os.environ.get("CXFLOW_PUBLIC_URL", "http://127.0.0.1:5000")
    REMINDER_WORKING_DAYS = int(os.environ.get("CXFLOW_REMINDER_DAYS", "3"))
    CONSULTATION_SLA_WORKING_DAYS = int(os.environ.get("CXFLOW_CONSULTATION_SLA_DAYS", "3"))
    CONSULTANTS_LEAD_EMAIL = os.environ.get("CXFLOW_CONSULTANTS_LEAD")  # None: the admins

    API_TITLE = "cxflow API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    CELERY = {
        "broker_url": REDIS_URL or "memory://",
        "result_backend": None,
        "task_ignore_result": True,
        "task_always_eager": not REDIS_URL,
        "task_eager_propagates": True,
        "broker_connection_retry_on_startup": True,
        # Redis re-delivers unacknowledged tasks after this; the default hour is too short.
        # A worker looks for such tasks every 10 s (kombu 5.7 scans only every 10th sweep
        # by default: 100 s), so a task of a killed worker comes back soon after the timeout.
        "broker_transport_options": {
            "visibility_timeout": int(
                os.environ.get("CXFLOW_BROKER_VISIBILITY_TIMEOUT", str(2 * 86400))
            ),
            "unacked_restore_interval": 10,
            "unacked_restore_throttle": 1,
            "socket_connect_timeout": 2,  # a wrong REDIS_URL fails fast; mail stays queued
        },
        "task_publish_retry_policy": {"max_retries": 2, "interval_start": 0.2},
        "task_acks_late": True,
        "timezone": "Europe/Moscow",
        "beat_schedule": {
            "purge-expired-api-tokens": {
                "task": "cxflow.auth.tasks.purge_expired_tokens",
                "schedule": crontab(minute=17),
            },
            "sync-roadmaps-with-work": {
                "task": "cxflow.roadmaps.tasks.sync_waiting_pilots",
                "schedule": crontab(hour=6, minute=50),  # before the reminders of 07:00
            },
            "send-deadline-reminders": {
                "task": "cxflow.notifications.tasks.send_deadline_reminders",
                "schedule": crontab(hour=7, minute=0),
            },
            "send-overdue-digests": {
                "task": "cxflow.notifications.tasks.send_overdue_digests",
                "schedule": crontab(hour=7, minute=0),
            },
            "send-manager-digests": {
                "task": "cxflow.notifications.tasks.send_manager_digests",
                "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
            },
            "sweep-pending-emails": {
                "task": "cxflow.notifications.tasks.sweep_pending_emails",
                "schedule": crontab(minute="*/5"),
            },
            "send-index-checklist-reminders": {
                "task": "cxflow.index.tasks.send_checklist_reminders",
                "schedule": crontab(hour=7, minute=10),
            },
            "send-sla-alerts": {
                "task": "cxflow.consultations.tasks.send_sla_alerts",
                "schedule": crontab(minute=5),
            },
        },
    }


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = _database_url("TEST_DATABASE_URL") or "sqlite://"
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashes keep the suite quick
    RATELIMIT_STORAGE_URI = "memory://"
    REDIS_URL = None
    CELERY = {**Config.CELERY, "broker_url": "memory://", "task_always_eager": True}
