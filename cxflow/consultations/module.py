"""The consultation log of the federal competence centre."""

from flask_babel import lazy_gettext as _l

from cxflow.consultations import api, views
from cxflow.core.modules import Module, NavEntry

module = Module(
    name="consultations",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(
        NavEntry("consultations.index", _l("Consultations"), "consultations.view", order=50),
    ),
    task_modules=("cxflow.consultations.tasks",),
)
