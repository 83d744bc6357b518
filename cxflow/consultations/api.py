"""/api/v1: the consultation log (API.md "Consultation log")."""

from cxflow.consultations import services
from cxflow.consultations.access import load_consultation_or_404
from cxflow.consultations.log_workbook import export_file
from cxflow.consultations.schemas import (
    XLSX_RESPONSE,
    ConsultationAnswer,
    ConsultationCreate,
    ConsultationDetailSchema,
    ConsultationFilterArgs,
    ConsultationListArgs,
    ConsultationSchema,
    ConsultationStatsSchema,
)
from cxflow.core.api import Blueprint, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.workflows.schemas import TransitionArgs

blp = Blueprint(
    "consultations_api", __name__, url_prefix="/api/v1", description="The consultation log"
)


# --- shared by the pages and the API ----------------------------------------------------------


# --- endpoints --------------------------------------------------------------------------------


@blp.route("/consultations")
@blp.arguments(ConsultationListArgs, location="query")
@blp.response(200, list_schema(ConsultationSchema))
def list_consultations(args):
    """The log the user may see, newest first; `breached`: past the SLA in working days."""
    stmt = services.list_consultations(api_user(), services.filters_from(args))
    result = paginated(stmt, args["page"], args["per_page"])
    result["items"] = services.annotate(result["items"])
    return result


@blp.route("/consultations", methods=["POST"])
@blp.arguments(ConsultationCreate)
@blp.response(201, ConsultationDetailSchema)
def create_consultation(data):
    """A region's question, or (`kind` "consultation") one recorded by a federal consultant."""
    consultation = services.create_consultation(api_user(), data)
    db.session.commit()
    return services.get_consultation(api_user(), consultation.id)


@blp.route("/consultations/<int:consultation_id>")
@blp.response(200, ConsultationDetailSchema)
def get_consultation(consultation_id):
    return services.get_consultation(api_user(), consultation_id)


@blp.route("/consultations/<int:consultation_id>/answer", methods=["POST"])
@blp.arguments(ConsultationAnswer)
@blp.response(200, ConsultationDetailSchema)
def answer_consultation(data, consultation_id):
    """Answer an open entry (federal consultant); the asker is notified."""
    consultation = load_consultation_or_404(consultation_id, api_user())
    services.answer(api_user(), consultation, **data)
    db.session.commit()
    return services.get_consultation(api_user(), consultation_id)


@blp.route("/consultations/<int:consultation_id>/transitions", methods=["POST"])
@blp.arguments(TransitionArgs)
@blp.response(200, ConsultationDetailSchema)
def consultation_transition(args, consultation_id):
    """`close` an answered entry or `reopen` it (a comment is required)."""
    consultation = load_consultation_or_404(consultation_id, api_user())
    services.fire(api_user(), consultation, args["event"], args["comment"])
    db.session.commit()
    return services.get_consultation(api_user(), consultation_id)


@blp.route("/consultations/export.xlsx")
@blp.arguments(ConsultationFilterArgs, location="query")
@blp.doc(responses={"200": XLSX_RESPONSE})
def export_consultations(args):
    """The log in the columns of seed 001 App. 4, with the list's filters."""
    return export_file(api_user(), args)


@blp.route("/consultations/stats")
@blp.arguments(ConsultationFilterArgs, location="query")
@blp.response(200, ConsultationStatsSchema)
def consultation_stats(args):
    """Counts by month, region, direction and topic; mean response days; SLA breaches."""
    return services.statistics(api_user(), services.filters_from(args))
