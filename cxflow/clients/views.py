"""HTML pages of the clients domain: client KPIs, the target group and service, profiles."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.clients import services
from cxflow.clients.access import load_kpi_or_404, load_profile_or_404
from cxflow.clients.forms import (
    KpiEditForm,
    KpiForm,
    MergeForm,
    ProfileEditForm,
    ProfileForm,
    TargetForm,
)
from cxflow.clients.models import KPI_GROUP_TITLES, ClientProfile
from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.core.forms import choices
from cxflow.core.views import handle_action, handle_form
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.models import Pilot
from cxflow.pilots.services import update_pilot

bp = Blueprint("clients", __name__)


def _act(action, next_url: str):
    """Run a one-button action (delete) and come back."""
    return handle_action(action, next_url=next_url, success=_("Deleted."))


# --- client KPIs and the target group --------------------------------------------------------


def _target_form(pilot: Pilot, entries: list, formdata=None) -> TargetForm:
    """The target group and service form; the service may be chosen from the catalogue."""
    form = TargetForm(formdata=formdata, obj=pilot if formdata is None else None)
    form.service_entry_id.choices = choices(
        ((e.id, e.title) for e in entries), empty=_("— not from the catalogue —")
    )
    if formdata is None:
        chosen = next((e for e in entries if e.title == pilot.service), None)
        form.service_entry_id.data = chosen.id if chosen else None
        form.service.data = "" if chosen else pilot.service
    return form


def _kpis_context(pilot: Pilot, entries: list | None = None, **forms) -> dict:
    entries = services.catalogue_services() if entries is None else entries
    kpis = db.session.scalars(services.list_kpis(current_user, pilot))
    return {
        "pilot": pilot,
        "groups": services.kpis_by_group(kpis),
        "add_form": forms.get("add_form") or KpiForm(formdata=None),
        "target_form": forms.get("target_form") or _target_form(pilot, entries),
        "catalogue_empty": not entries,
    }


def _to_kpis(pilot_id: int, anchor: str = "") -> str:
    return url_for("clients.kpis", pilot_id=pilot_id) + anchor


@bp.route("/pilots/<int:pilot_id>/kpis")
def kpis(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    return render_template("clients/kpis.html", **_kpis_context(pilot))


def _kpi_data(form: KpiForm) -> dict:
    return {name: getattr(form, name).data for name in ("group", *services.KPI_LIMITS)}


@bp.route("/pilots/<int:pilot_id>/kpis/new", methods=["POST"])
def new_kpi(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    access.require(current_user, "cycle.edit", pilot.region_id)
    form = KpiForm()
    return handle_form(
        form,
        lambda: services.create_kpi(current_user, pilot, _kpi_data(form)),
        success=_("Indicator added."),
        template="clients/kpis.html",
        next_url=lambda k: _to_kpis(pilot_id, f"#kpi-{k.id}"),
        **_kpis_context(pilot, add_form=form),
    )


@bp.route("/kpis/<int:kpi_id>/edit", methods=["GET", "POST"])
def edit_kpi(kpi_id: int):
    kpi = load_kpi_or_404(kpi_id, permission="pilots.view")
    access.require(current_user, "cycle.edit", kpi.region_id)
    form = KpiEditForm(obj=kpi)
    return handle_form(
        form,
        lambda: services.update_kpi(current_user, kpi, _kpi_data(form), form.version.data),
        success=_("Indicator saved."),
        template="clients/kpi_form.html",
        pilot=kpi.pilot,
        kpi=kpi,
        groups=KPI_GROUP_TITLES,
        next_url=lambda k: _to_kpis(k.pilot_id, f"#kpi-{k.id}"),
    )


@bp.route("/kpis/<int:kpi_id>/delete", methods=["POST"])
def delete_kpi(kpi_id: int):
    kpi = load_kpi_or_404(kpi_id, permission="pilots.view")
    pilot_id = kpi.pilot_id
    return _act(lambda: services.delete_kpi(current_user, kpi), _to_kpis(pilot_id))


@bp.route("/pilots/<int:pilot_id>/target", methods=["POST"])
def target(pilot_id: int):
    """The target group and public service live on the pilot: saved by the pilot's rules."""
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    access.require(current_user, "pilots.manage", pilot.region_id)
    entries = services.catalogue_services()
    form = _target_form(pilot, entries, request.form)

    def save():
        service = services.chosen_service(form.service_entry_id.data, form.service.data)
        data = {"target_group": form.target_group.data, "service": service}
        return update_pilot(current_user, pilot, data, form.version.data)

    return handle_form(
        form,
        save,
        success=_("Target group and service saved."),
        template="clients/kpis.html",
        next_url=lambda p: _to_kpis(p.id, "#pilot-target"),
        **_kpis_context(pilot, entries, target_form=form),
    )


# --- client profiles -------------------------------------------------------------------------


def _office_choices(pilot: Pilot) -> list:
    return choices(((o.id, o.name) for o in pilot.offices), empty="—")


PROFILE_DATA = (
    "title",
    *services.HEADER_FIELDS,
    *services.LIST_FIELDS,
    "extra",
    "office_id",
    "client_type",
)


def _profile_data(form: ProfileForm) -> dict:
    return {name: getattr(form, name).data for name in PROFILE_DATA}


@bp.route("/pilots/<int:pilot_id>/profiles")
def profiles(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    items = list(db.session.scalars(services.list_profiles(current_user, pilot)))
    titles = {p.id: p.title for p in items}
    return render_template("clients/profiles.html", pilot=pilot, profiles=items, titles=titles)


@bp.route("/pilots/<int:pilot_id>/profiles/new", methods=["GET", "POST"])
def new_profile(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    access.require(current_user, "cycle.edit", pilot.region_id)
    form = ProfileForm()
    form.office_id.choices = _office_choices(pilot)
    if request.method == "GET":
        form.target_group.data = pilot.target_group
    return handle_form(
        form,
        lambda: services.create_profile(current_user, pilot, _profile_data(form)),
        success=_("Profile saved."),
        template="clients/profile_form.html",
        pilot=pilot,
        profile=None,
        next_url=lambda p: url_for("clients.profile", profile_id=p.id),
    )


@bp.route("/profiles/<int:profile_id>")
def profile(profile_id: int):
    profile = load_profile_or_404(profile_id, permission="pilots.view")
    return render_template(
        "clients/profile.html",
        pilot=profile.pilot,
        profile=profile,
        portrait=services.portrait(profile),
        merged_into=services.merged_into(profile),
        revisions=services.revisions(profile),
    )


@bp.route("/profiles/<int:profile_id>/edit", methods=["GET", "POST"])
def edit_profile(profile_id: int):
    profile = load_profile_or_404(profile_id, permission="pilots.view")
    access.require(current_user, "cycle.edit", profile.region_id)
    form = ProfileEditForm(obj=profile)
    form.office_id.choices = _office_choices(profile.pilot)
    if request.method == "GET":
        form.extra.data = services.extra_text(profile.extra)
    return handle_form(
        form,
        lambda: services.update_profile(
            current_user, profile, _profile_data(form), form.version.data
        ),
        success=_("Profile saved."),
        template="clients/profile_form.html",
        pilot=profile.pilot,
        profile=profile,
        next_url=lambda p: url_for("clients.profile", profile_id=p.id),
    )


@bp.route("/profiles/<int:profile_id>/delete", methods=["POST"])
def delete_profile(profile_id: int):
    profile = load_profile_or_404(profile_id, permission="pilots.view")
    pilot_id = profile.pilot_id
    return _act(
        lambda: services.delete_profile(current_user, profile),
        url_for("clients.profiles", pilot_id=pilot_id),
    )


@bp.route("/profiles/<int:profile_id>/versions/<int:version>")
def profile_version(profile_id: int, version: int):
    profile = load_profile_or_404(profile_id, permission="pilots.view")
    revision = services.get_revision(current_user, profile, version)
    merged_id = revision.data.get("merged_into_id")
    return render_template(
        "clients/profile_version.html",
        pilot=profile.pilot,
        profile=profile,
        revision=revision,
        portrait=revision.data,
        merged_into=db.session.get(ClientProfile, merged_id) if merged_id else None,
    )


@bp.route("/pilots/<int:pilot_id>/profiles/merge", methods=["GET", "POST"])
def merge_profiles(pilot_id: int):
    pilot = load_pilot_or_404(pilot_id, permission="pilots.view")
    access.require(current_user, "cycle.edit", pilot.region_id)
    items = list(db.session.scalars(services.list_profiles(current_user, pilot)))
    form = MergeForm()
    form.source_ids.choices = [(p.id, p.title) for p in items]
    return handle_form(
        form,
        lambda: services.merge_profiles(current_user, pilot, form.title.data, form.source_ids.data),
        success=_("Profiles merged into a new profile."),
        template="clients/merge.html",
        pilot=pilot,
        profiles=items,
        next_url=lambda p: url_for("clients.profile", profile_id=p.id),
    )
