"""Expert verification pages (seed 002 L101–105, L763), for federal consultants and admins:
draw a random sample of a period's checklists (the seed is shown and kept, so the draw can be
repeated), then mark each parameter of each drawn checklist confirmed or refuted, with a
comment; a refuted checklist leads to the annulment of the office's points."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core.errors import ValidationError
from cxflow.core.views import handle_form
from cxflow.index.access import (
    load_region_or_404,
    load_sample_or_404,
)
from cxflow.index.forms.scores import DecisionForm
from cxflow.index.forms.verification import SampleForm, VerdictsForm
from cxflow.index.models.index import Verdict
from cxflow.index.services import index, periods, verification
from cxflow.index.views.blueprint import bp
from cxflow.index.views.scores import FORMAT, chosen_period


def _verification_context(region, period, options) -> dict:
    return {
        "region": region,
        "period": period,
        "options": options,
        "samples": verification.samples_of(period) if period else [],
        "population": len(verification.checklist_ids(period)) if period else 0,
    }


@bp.route("/regions/<int:region_id>/index/verification")
def verification_page(region_id: int):
    region = load_region_or_404(region_id, current_user, "index.verify")
    period, options = chosen_period(region)
    return render_template(
        "index/verification/region.html",
        form=SampleForm(formdata=None),
        **_verification_context(region, period, options),
    )


@bp.route("/regions/<int:region_id>/index/verification", methods=["POST"])
def draw_sample(region_id: int):
    region = load_region_or_404(region_id, current_user, "index.verify")
    period, options = chosen_period(region)
    if period is None:
        abort(404)
    form = SampleForm()

    def draw():
        share = form.percent.data / 100 if form.percent.data is not None else None
        try:
            return verification.draw(
                period, current_user, size=form.size.data, share=share, seed=form.seed.data
            )
        except ValidationError as exc:  # the form's names: a share is asked in per cent
            raise ValidationError(
                {("percent" if k == "share" else k): v for k, v in exc.fields.items()}
            ) from exc

    return handle_form(
        form,
        draw,
        success=lambda sample: _(
            "Sample drawn (checklists: %(n)s, seed %(seed)s).", n=sample.size, seed=sample.seed
        ),
        next_url=lambda sample: url_for("index.sample", sample_id=sample.id),
        template="index/verification/region.html",
        page=lambda: _verification_context(region, period, options),
    )


def _sample_context(sample, errors=None, marked=None) -> dict:
    checklists = verification.sample_checklists(sample)
    methodology = periods.methodology_of(sample.period)
    refuted = verification.refuted(checklists)
    annul_here: dict = {}  # office id -> the checklist under which its annulment form is
    for checklist in checklists:
        annul_here.setdefault(checklist.office_id, checklist.id)
    return {
        "sample": sample,
        "period": sample.period,
        "region": sample.period.region,
        "checklists": checklists,
        "methodology": methodology,
        "refuted": refuted,
        "annul_here": annul_here,
        "annulled": {
            office_id: a for (_p, office_id), a in index.annulments([sample.period_id]).items()
        },
        "errors": errors or {},
        "marked": marked,  # the checklist whose posted marks are shown again
        "posted": request.form if marked else {},
        "annul_form": DecisionForm(formdata=None),
        "Verdict": Verdict,
        **FORMAT,
    }


@bp.route("/index/samples/<int:sample_id>")
def sample(sample_id: int):
    found = load_sample_or_404(sample_id, current_user)
    return render_template("index/verification/sample.html", **_sample_context(found))


@bp.route("/index/samples/<int:sample_id>/checklists/<int:checklist_id>", methods=["POST"])
def mark_checklist(sample_id: int, checklist_id: int):
    """The verdicts on every parameter of one drawn checklist (`verdict-<item id>`: blank,
    confirmed or refuted; `comment-<item id>`)."""
    found = load_sample_or_404(sample_id, current_user)
    if checklist_id not in found.checklist_ids:
        abort(404)
    checklist = next(
        (c for c in verification.sample_checklists(found) if c.id == checklist_id), None
    )
    if checklist is None:
        abort(404)
    form = VerdictsForm()
    errors: dict = {}

    def mark():
        verification.set_verdicts(
            [
                (
                    item,
                    request.form.get(f"verdict-{item.id}", ""),
                    request.form.get(f"comment-{item.id}", ""),
                    f"item-{item.id}",
                )
                for item in checklist.items
            ],
            current_user,
        )

    def show(shown, exc):  # at each parameter's fields, not the form's (it has none)
        errors.update(exc.fields)
        shown.form_errors.extend(m for messages in exc.fields.values() for m in messages)

    return handle_form(
        form,
        mark,
        success=_("Verdicts saved: %(office)s.", office=checklist.office.name),
        next_url=lambda _r: (
            url_for("index.sample", sample_id=found.id) + f"#checklist-{checklist.id}"
        ),
        template="index/verification/sample.html",
        show=show,
        page=lambda: _sample_context(found, errors, checklist.id),
    )
