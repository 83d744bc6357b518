"""/api/v1: expert verification of the objective data (seed 002 L101–105, L763), for federal
consultants and admins: a random sample of a period's checklists with its seed recorded, and a
verdict on each parameter."""

from flask_babel import gettext as _

from cxflow.core.api import api_user, list_schema
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.access import (
    load_checklist_item_or_404,
    load_checklist_or_404,
    load_period_or_404,
    load_region_or_404,
    load_sample_or_404,
)
from cxflow.index.api.blueprint import blp
from cxflow.index.schemas.verification import (
    ChecklistVerificationBody,
    SampleBody,
    SampledChecklistSchema,
    SampledItemSchema,
    SampleSchema,
    SampleWithChecklistsSchema,
    VerdictBody,
    VerificationSampleBody,
)
from cxflow.index.services import verification
from cxflow.orgs import services as orgs


def _with_checklists(sample):
    sample.checklists = verification.sample_checklists(sample)
    return sample


@blp.route("/index/periods/<int:period_id>/samples", methods=["POST"])
@blp.arguments(SampleBody)
@blp.response(201, SampleWithChecklistsSchema)
def draw_sample(data, period_id):
    """Draw `size` (or a `share` of) the period's checklists at random; the seed is returned
    and kept: `random.Random(seed).sample(ids sorted by id, size)`. 422 `size` when the period
    has fewer checklists (or none)."""
    period = load_period_or_404(period_id, api_user(), "index.verify")
    sample = verification.draw(
        period, api_user(), size=data["size"], share=data["share"], seed=data["seed"]
    )
    db.session.commit()
    return _with_checklists(sample)


@blp.route("/index/periods/<int:period_id>/samples")
@blp.response(200, list_schema(SampleSchema))
def list_samples(period_id):
    """The samples drawn for the period, newest first."""
    period = load_period_or_404(period_id, api_user(), "index.verify")
    items = verification.samples_of(period)
    return {"items": items, "total": len(items)}


@blp.route("/index/samples/<int:sample_id>")
@blp.response(200, SampleWithChecklistsSchema)
def get_sample(sample_id):
    """A sample with its checklists, their parameters, evidence and verdicts."""
    return _with_checklists(load_sample_or_404(sample_id, api_user()))


@blp.route("/index/verification-samples", methods=["POST"])
@blp.arguments(VerificationSampleBody)
@blp.response(201, SampleWithChecklistsSchema)
def draw_sample_by_dates(data):
    """API.md's form of the draw: the region's period of these dates."""
    user = api_user()
    code = data["region_code"]
    if code:
        region = orgs.get_region_by_code(code)
        if region is None:
            raise ValidationError({"region_code": _("No region has this code.")})
    elif user.region_id:
        region = user.region
    else:
        raise ValidationError({"region_code": _("Name the region.")})
    region = load_region_or_404(region.id, user, "index.verify")
    period = verification.period_of(region, data["period_start"], data["period_end"])
    sample = verification.draw(
        period, user, size=data["size"], share=data["share"], seed=data["seed"]
    )
    db.session.commit()
    return _with_checklists(sample)


@blp.route("/checklist-items/<int:item_id>/verdict", methods=["PUT"])
@blp.arguments(VerdictBody)
@blp.response(200, SampledItemSchema)
def put_verdict(data, item_id):
    """Confirm or refute one parameter of a checklist; `comment` is required to refute."""
    item = load_checklist_item_or_404(item_id, api_user(), "index.verify")
    verification.set_verdict(item, data["verdict"], data["comment"], api_user())
    db.session.commit()
    return item


@blp.route("/checklists/<int:checklist_id>/verification", methods=["POST"])
@blp.arguments(ChecklistVerificationBody)
@blp.response(200, SampledChecklistSchema)
def verify_checklist(data, checklist_id):
    """API.md's form: verdicts on several parameters named by code (`confirmed` true or
    false; a refutation needs its `comment`)."""
    checklist = load_checklist_or_404(checklist_id, api_user(), "index.verify")
    verification.verify_checklist(checklist, data["items"], api_user())
    db.session.commit()
    return checklist
