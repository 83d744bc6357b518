"""Celery bound to the Flask app, as in Flask's own docs (patterns/celery)."""

from celery import Celery, Task
from flask import Flask

from cxflow.notifications.tasks import dispatch_emails


def celery_init_app(app: Flask, task_modules: list[str]) -> Celery:
    """Celery bound to `app`, with the task modules the domains declare (cxflow.core.modules)."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                result = self.run(*args, **kwargs)
                dispatch_emails()  # e-mails of notifications the task committed
                return result

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.conf.include = task_modules
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    for module in task_modules:  # register the tasks in this process too (eager mode)
        __import__(module)
    return celery_app
