"""CX maturity: self-assessments, controls of the level matrix and the region's level."""

from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.maturity import api, views

module = Module(
    name="maturity",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    navigation=(
        NavEntry("maturity.index", _l("Maturity"), "maturity.view", menu="monitoring", order=39),
        NavEntry(
            "maturity.assessment_regions",
            _l("Maturity self-assessments"),
            "maturity.view",
            menu="monitoring",
            order=40,
        ),
    ),
)
