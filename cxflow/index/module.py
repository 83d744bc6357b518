"""The customer-centricity index: office surveys (seed 002 App. 6/7)."""

from cxflow.core.modules import Module
from cxflow.index import api, views
from cxflow.index.services.posters import public_survey_url
from cxflow.orgs.panels import OfficePanel

module = Module(
    name="index",
    blueprints=(views.bp,),
    api_blueprints=(api.blp,),
    template_globals={"public_survey_url": public_survey_url},
    # the office page's survey panel: link, QR code, posters, export, a new link
    contributes={"office_page_panels": (OfficePanel("index/_office_survey_panel.html", 10),)},
)
