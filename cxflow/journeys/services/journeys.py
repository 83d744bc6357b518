"""Journeys: the path of one client profile through one service of a pilot (seed 001 §2.7;
seed 003 «Путь клиента»). Reading a pilot's journeys and one journey's map; creating a journey
with its stages in one go, changing and deleting it."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.catalogue.models import CatalogueEntry, EntryKind
from cxflow.clients.models import ClientProfile
from cxflow.core import access
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import row_or_none
from cxflow.core.text import checked_text
from cxflow.journeys.models import Journey, JourneyStage, Measurement
from cxflow.journeys.services.checks import MAX_TEXT, MAX_TITLE, prefixed
from cxflow.journeys.services.stages import MAX_STAGES, build_stage, check_stage_tree
from cxflow.pilots.models import Pilot
from cxflow.pilots.signals import work_changed
from cxflow.users.models import User

# Catalogue entries a journey may be built for (seed 000: a public service or one service).
JOURNEY_ENTRY_KINDS = (EntryKind.public_service, EntryKind.service)
JOURNEY_FIELDS = ("title", "service", "service_entry_id", "profile_id", "trigger")


# --- reading ----------------------------------------------------------------------------------


def list_journeys(actor: User, pilot: Pilot) -> sa.Select:
    """The pilot's journeys with what the list shows (profile, stage and pain point counts)."""
    access.require(actor, "pilots.view", pilot.region_id)
    stmt = (
        sa.select(Journey)
        .where(Journey.pilot_id == pilot.id)
        .options(
            selectinload(Journey.profile),
            selectinload(Journey.stages).selectinload(JourneyStage.pain_points),
        )
        .order_by(Journey.id)
    )
    return access.scoped(stmt, Journey, actor)


def load_map(journey: Journey) -> Journey:
    """The journey with everything its map shows, in a fixed number of queries."""
    stmt = (
        sa.select(Journey)
        .where(Journey.id == journey.id)
        .options(
            selectinload(Journey.profile),
            selectinload(Journey.service_entry),
            selectinload(Journey.stages).options(
                selectinload(JourneyStage.touchpoints),
                selectinload(JourneyStage.pain_points),
                selectinload(JourneyStage.measurements).selectinload(Measurement.author),
            ),
        )
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(stmt).one()


def profile_options(pilot: Pilot) -> list[tuple[int, str]]:
    profiles = db.session.scalars(
        sa.select(ClientProfile)
        .where(ClientProfile.pilot_id == pilot.id)
        .order_by(ClientProfile.id)
    )
    return [(p.id, p.title) for p in profiles]


# --- changing ---------------------------------------------------------------------------------


def _check_journey(pilot: Pilot, data: dict, require_profile: bool = True) -> tuple[dict, dict]:
    errors: dict = {}
    values = {
        "title": checked_text(errors, "title", data.get("title"), MAX_TITLE, _l("Enter the title."))
    }
    entry = None
    if data.get("service_entry_id") is not None:
        entry = row_or_none(CatalogueEntry, data["service_entry_id"])
        if entry is None or entry.kind not in JOURNEY_ENTRY_KINDS:
            errors["service_entry_id"] = _l(
                "Choose a public service or a service of the catalogue."
            )
            entry = None
    values["service_entry_id"] = entry.id if entry else None
    service = checked_text(errors, "service", data.get("service"), MAX_TITLE)
    if not service and entry is not None:
        service = entry.title  # chosen from the catalogue, not typed
    if not service and "service_entry_id" not in errors:
        errors["service"] = _l("Enter the service or choose it from the catalogue.")
    values["service"] = service
    # A journey keeps going when its profile is deleted; a profile sent must be the pilot's.
    profile = row_or_none(ClientProfile, data.get("profile_id"))
    kept = data.get("profile_id") is None and not require_profile
    if not kept and (profile is None or profile.pilot_id != pilot.id):
        errors["profile_id"] = _l("Choose a client profile of this pilot.")
    values["profile_id"] = profile.id if profile else None
    values["trigger"] = checked_text(errors, "trigger", data.get("trigger"), MAX_TEXT)
    return errors, values


def create_journey(actor: User, pilot: Pilot, data: dict) -> Journey:
    """A journey with, optionally, its stages and their touchpoints and pain points; all of
    it is checked before anything is saved, and an error names its place ("stages.2.title")."""
    access.require(actor, "cycle.edit", pilot.region_id)
    errors, values = _check_journey(pilot, data)
    stages = data.get("stages") or []
    if len(stages) > MAX_STAGES:
        errors["stages"] = _l("At most %(n)s stages.", n=MAX_STAGES)
        stages = []
    checked = []
    for i, stage_data in enumerate(stages):
        stage_errors, stage_values = check_stage_tree(stage_data)
        errors |= prefixed(stage_errors, f"stages.{i}.")
        checked.append(stage_values)
    if errors:
        raise ValidationError(errors)
    journey = Journey(pilot_id=pilot.id, region_id=pilot.region_id, **values)
    db.session.add(journey)
    for position, stage_values in enumerate(checked, 1):
        build_stage(journey, position, stage_values)
    db.session.flush()
    work_changed(pilot, actor)
    return journey


def update_journey(actor: User, journey: Journey, data: dict, version: int | None) -> Journey:
    access.require(actor, "cycle.edit", journey.region_id)
    check_version(journey, version)
    merged = {name: data.get(name, getattr(journey, name)) for name in JOURNEY_FIELDS}
    if "service_entry_id" in data and "service" not in data:
        merged["service"] = ""  # a newly chosen catalogue entry names the service
    errors, values = _check_journey(
        journey.pilot, merged, require_profile="profile_id" in data or bool(journey.profile_id)
    )
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(journey, name, value)
    db.session.flush()
    return journey


def delete_journey(actor: User, journey: Journey) -> None:
    access.require(actor, "cycle.edit", journey.region_id)
    pilot = journey.pilot
    db.session.delete(journey)
    db.session.flush()
    work_changed(pilot, actor)
