"""Sign-in, passwords, API tokens, and the rule that every view needs a signed-in user."""

from cxflow.auth import api, guard, views
from cxflow.core.modules import Module

module = Module(
    name="auth",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    task_modules=("cxflow.auth.tasks",),
    setup=guard.init_app,
)
