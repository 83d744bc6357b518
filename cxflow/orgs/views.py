"""Region and office pages."""

import sqlalchemy as sa
from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.core.forms import choices
from cxflow.core.paging import paginate
from cxflow.core.routing import id_arg
from cxflow.core.views import handle_action, handle_form
from cxflow.orgs import services
from cxflow.orgs.access import load_office_or_404, load_region_or_404
from cxflow.orgs.forms import NewOfficeForm, NewRegionForm, OfficeForm, RegionForm
from cxflow.orgs.models import Office
from cxflow.orgs.panels import office_panels, region_panels

bp = Blueprint("orgs", __name__)


@bp.route("/regions")
def regions():
    counts = dict(
        db.session.execute(
            services.list_offices(current_user)
            .with_only_columns(Office.region_id, sa.func.count())
            .group_by(Office.region_id)
            .order_by(None)
        ).all()
    )
    return render_template("orgs/regions.html", regions=services.list_regions(), counts=counts)


@bp.route("/regions/<int:region_id>")
def region(region_id: int):
    region = load_region_or_404(region_id)
    offices = db.session.scalars(services.list_offices(current_user, region.id)).all()
    return render_template(
        "orgs/region.html", region=region, offices=offices, panels=region_panels()
    )


@bp.route("/regions/new", methods=["GET", "POST"])
def new_region():
    access.require(current_user, "regions.manage")
    form = NewRegionForm()
    return handle_form(
        form,
        lambda: services.create_region(current_user, _region_data(form)),
        success=_("Region created."),
        template="orgs/region_form.html",
        next_url=lambda r: url_for("orgs.region", region_id=r.id),
    )


@bp.route("/regions/<int:region_id>/edit", methods=["GET", "POST"])
def edit_region(region_id: int):
    region = load_region_or_404(region_id, permission="regions.manage")
    form = RegionForm(obj=region)
    return handle_form(
        form,
        lambda: services.update_region(current_user, region, _region_data(form), form.version.data),
        success=_("Region saved."),
        template="orgs/region_form.html",
        region=region,
        next_url=lambda r: url_for("orgs.region", region_id=r.id),
    )


def _region_data(form) -> dict:
    return {f: getattr(form, f).data for f in ("code", "name", "network", "timezone")}


@bp.route("/offices")
def offices():
    access.require(current_user, "offices.view")
    region_id = id_arg("region_id")
    page = paginate(services.list_offices(current_user, region_id))
    return render_template(
        "orgs/offices.html",
        page=page,
        regions=services.region_options(current_user),
        region_id=region_id,
    )


@bp.route("/offices/new", methods=["GET", "POST"])
def new_office():
    access.require(current_user, "offices.manage")  # the form only for who may submit it
    form = NewOfficeForm(region_id=id_arg("region_id"))
    form.region_id.choices = choices(services.region_options(current_user))
    return handle_form(
        form,
        lambda: services.create_office(
            current_user,
            form.region_id.data,
            form.name.data,
            form.address.data,
            form.opening_hours.data,
            form.is_managing_office.data,
        ),
        success=_("Office created."),
        template="orgs/office_form.html",
        next_url=lambda o: url_for("orgs.office", office_id=o.id),
    )


@bp.route("/offices/<int:office_id>")
def office(office_id: int):
    office = load_office_or_404(office_id)
    return render_template("orgs/office.html", office=office, panels=office_panels())


@bp.route("/offices/<int:office_id>/edit", methods=["GET", "POST"])
def edit_office(office_id: int):
    office = load_office_or_404(office_id)
    access.require(current_user, "offices.manage", office.region_id)
    form = OfficeForm(obj=office)
    del form.region_id  # an office does not move between regions
    return handle_form(
        form,
        lambda: services.update_office(
            current_user,
            office,
            {
                f: getattr(form, f).data
                for f in ("name", "address", "opening_hours", "is_managing_office")
            },
            form.version.data,
        ),
        success=_("Office saved."),
        template="orgs/office_form.html",
        office=office,
        next_url=lambda o: url_for("orgs.office", office_id=o.id),
    )


@bp.route("/offices/<int:office_id>/survey-link", methods=["POST"])
def rotate_survey_link(office_id: int):
    office = load_office_or_404(office_id)
    return handle_action(
        lambda: services.rotate_survey_token(current_user, office),
        next_url=url_for("orgs.office", office_id=office.id),
        success=_(
            "A new survey link was made; the old link and QR code no longer work: "
            "print the new poster."
        ),
    )
