"""/api/v1: the public survey endpoint of an office (no sign-in, rate limited)."""

from types import SimpleNamespace

from cxflow.core.extensions import db
from cxflow.core.routing import public
from cxflow.index.access import office_by_token
from cxflow.index.api.blueprint import blp
from cxflow.index.clients import device, survey_rate_limit
from cxflow.index.schemas.surveys import ResponseCreate, ResponseCreated
from cxflow.index.services import intake

CREATED_FIELDS = tuple(ResponseCreated().fields)


@blp.route("/surveys/<token>/responses", methods=["POST"])
@blp.doc(security=[])
@blp.arguments(ResponseCreate)
@blp.response(201, ResponseCreated)
@survey_rate_limit
@public
def create_response(data, token):
    """Answer an office's questionnaire (seed 002 App. 6/7) anonymously; 404 for an unknown
    or rotated token, 422 naming the field, nothing stored on error."""
    office = office_by_token(token)
    response = intake.receive(office, data, device=device())
    created = SimpleNamespace(  # read before the commit expires it: no query to answer
        **{name: getattr(response, name) for name in CREATED_FIELDS}
    )
    db.session.commit()
    return created
