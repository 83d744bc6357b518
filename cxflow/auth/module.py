"""Sign-in, passwords, API tokens, and the rule that every view needs a signed-in user."""

from flask import Flask

from cxflow.auth import api, guard, services, views
from cxflow.core.modules import Module
from cxflow.users.signals import password_changed


def _setup(app: Flask) -> None:
    guard.init_app(app)
    password_changed.connect(services.revoke_user_tokens)


module = Module(
    name="auth",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    task_modules=("cxflow.auth.tasks",),
    setup=_setup,
)
