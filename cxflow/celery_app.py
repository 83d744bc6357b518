"""Celery bound to the Flask app, as in Flask's own docs (patterns/celery)."""

from celery import Celery, Task
from flask import Flask

from cxflow.notifications.services import dispatch_emails

TASK_MODULES = ["cxflow.auth.tasks", "cxflow.notifications.tasks"]


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                result = self.run(*args, **kwargs)
                dispatch_emails()  # e-mails of notifications the task committed
                return result

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.conf.include = TASK_MODULES
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    for module in TASK_MODULES:  # register the tasks in this process too (eager mode)
        __import__(module)
    return celery_app
