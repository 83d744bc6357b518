"""Who the clients are and what they value: client KPIs (seed 001 §2.2 / digest §3) and client
profiles (портрет клиента, seed 001 §2.6, seed 003) with their versions and merges."""

import re
from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from cxflow.catalogue.models import CatalogueEntry, EntryKind
from cxflow.clients.models import (
    KPI_GROUP_TITLES,
    ClientKpi,
    ClientProfile,
    ClientType,
    KpiGroup,
    ProfileRevision,
)
from cxflow.core import access
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import is_id
from cxflow.core.text import clean_text
from cxflow.orgs.models import Office
from cxflow.pilots.models import Pilot
from cxflow.pilots.signals import work_changed
from cxflow.users.models import User

MAX_TEXT = 20_000
MAX_EXTRA_KEYS = 50
MAX_EXTRA_KEY = 100
MAX_EXTRA_VALUE = 2_000
MERGE_SEPARATOR = " / "


def _check_length(errors: dict, name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[name] = _l("At most %(n)s characters.", n=limit)


# --- reading ---------------------------------------------------------------------------------


def list_kpis(actor: User, pilot: Pilot) -> sa.Select:
    access.require(actor, "pilots.view", pilot.region_id)
    stmt = sa.select(ClientKpi).where(ClientKpi.pilot_id == pilot.id).order_by(ClientKpi.id)
    return access.scoped(stmt, ClientKpi, actor)


def kpis_by_group(kpis: Iterable[ClientKpi]) -> list[tuple[KpiGroup, str, list[ClientKpi]]]:
    """Every group in the order of seed 001 §2.2, empty ones too, so the team sees the gaps."""
    rows: dict[KpiGroup, list[ClientKpi]] = {group: [] for group in KpiGroup}
    for kpi in kpis:
        rows[KpiGroup(kpi.group)].append(kpi)
    return [(group, KPI_GROUP_TITLES[group], items) for group, items in rows.items()]


def list_profiles(actor: User, pilot: Pilot) -> sa.Select:
    access.require(actor, "pilots.view", pilot.region_id)
    stmt = (
        sa.select(ClientProfile)
        .where(ClientProfile.pilot_id == pilot.id)
        .options(selectinload(ClientProfile.office), selectinload(ClientProfile.sources))
        .order_by(ClientProfile.id)
    )
    return access.scoped(stmt, ClientProfile, actor)


def revisions(profile: ClientProfile) -> list[ProfileRevision]:
    """The profile's saved versions, newest first, with their authors."""
    stmt = (
        sa.select(ProfileRevision)
        .where(ProfileRevision.profile_id == profile.id)
        .options(selectinload(ProfileRevision.author))
        .order_by(ProfileRevision.version.desc())
    )
    return list(db.session.scalars(stmt))


def get_revision(actor: User, profile: ClientProfile, version: int) -> ProfileRevision:
    access.require(actor, "pilots.view", profile.region_id)
    revision = db.session.scalar(
        sa.select(ProfileRevision)
        .where(ProfileRevision.profile_id == profile.id, ProfileRevision.version == version)
        .options(selectinload(ProfileRevision.author))
    )
    if revision is None:
        raise NotFound()
    return revision


def merged_into(profile: ClientProfile) -> ClientProfile | None:
    """The merged profile a draft went into (same pilot, hence same region)."""
    return db.session.get(ClientProfile, profile.merged_into_id) if profile.merged_into_id else None


# --- client KPIs -----------------------------------------------------------------------------

KPI_LIMITS = {
    "title": 300,
    "description": MAX_TEXT,
    "unit": 50,
    "formula": MAX_TEXT,
    "baseline": 200,
    "target": 200,
}


def _clean_kpi(data: dict, partial: bool) -> dict:
    """The KPI's fields from `data`, cleaned; every bad one named in one ValidationError."""
    errors: dict = {}
    clean: dict = {}
    if not partial or "group" in data:
        if data.get("group") not in KpiGroup.__members__:
            errors["group"] = _l("Choose one of the five groups of client KPIs.")
        else:
            clean["group"] = KpiGroup(data["group"])
    for name, limit in KPI_LIMITS.items():
        if partial and name not in data:
            continue
        clean[name] = clean_text(data.get(name))
        _check_length(errors, name, clean[name], limit)
    if "title" in clean and not clean["title"]:
        errors["title"] = _l("Enter the name of the indicator.")
    if errors:
        raise ValidationError(errors)
    return clean


def create_kpi(actor: User, pilot: Pilot, data: dict) -> ClientKpi:
    access.require(actor, "cycle.edit", pilot.region_id)
    kpi = ClientKpi(pilot=pilot, region_id=pilot.region_id, **_clean_kpi(data, partial=False))
    db.session.add(kpi)
    db.session.flush()
    work_changed(pilot, actor)
    return kpi


def update_kpi(actor: User, kpi: ClientKpi, data: dict, version: int | None) -> ClientKpi:
    access.require(actor, "cycle.edit", kpi.region_id)
    check_version(kpi, version)
    for name, value in _clean_kpi(data, partial=True).items():
        setattr(kpi, name, value)
    db.session.flush()
    return kpi


def delete_kpi(actor: User, kpi: ClientKpi) -> None:
    access.require(actor, "cycle.edit", kpi.region_id)
    pilot = kpi.pilot
    db.session.delete(kpi)
    db.session.flush()
    work_changed(pilot, actor)


# --- the pilot's target group and public service ----------------------------------------------


def catalogue_services() -> list[CatalogueEntry]:
    """Public services of the catalogue (seed 000) to choose the pilot's service from."""
    stmt = (
        sa.select(CatalogueEntry)
        .where(CatalogueEntry.kind == EntryKind.public_service)
        .order_by(CatalogueEntry.position, CatalogueEntry.title)
    )
    return list(db.session.scalars(stmt))


def chosen_service(entry_id: int | None, typed: str | None) -> str:
    """The pilot's service: the catalogue entry if one is chosen, else the typed text."""
    if entry_id is None:
        return clean_text(typed)
    entry = db.session.get(CatalogueEntry, entry_id) if is_id(entry_id) else None
    if entry is None or entry.kind != EntryKind.public_service:
        raise ValidationError({"service_entry_id": _l("Choose a public service of the catalogue.")})
    return entry.title


# --- client profiles -------------------------------------------------------------------------

# Header fields of the portrait (seed 001 §2.6) and their column limits.
HEADER_LIMITS = {
    "target_group": 300,
    "persona_name": 200,
    "age": 100,
    "gender": 100,
    "family_status": 300,
    "education": MAX_TEXT,
    "experience": MAX_TEXT,
    "preferred_channels": MAX_TEXT,
}
HEADER_FIELDS = tuple(HEADER_LIMITS)
# The body: «Ценности, личные качества, интересы | Желания | Боли и сложности» (+ «Цели»,
# Lipetsk, seed 001 §2.6) and quotes; one item per line.
LIST_FIELDS = ("values", "wishes", "pains", "goals", "quotes")
TITLE_LIMIT = 300
BULLET = re.compile(r"^[-•*–—·]+\s+")


def split_lines(text) -> list[str]:
    """The items of a list field: one per line (or a list of items), spaces tidied, bullets
    pasted from the sources («- Ценит стабильность») dropped, empty lines skipped."""
    lines = text if isinstance(text, list) else clean_text(text).splitlines()
    items = []
    for line in lines:
        item = BULLET.sub("", " ".join(clean_text(line).split()))
        if item:
            items.append(item)
    return items


def parse_extra(text: str) -> dict[str, str]:
    """«Name: value» lines of the form into group-specific header fields (seed 001 §2.6:
    «Группа инвалидности», «Численность персонала» …)."""
    extra: dict[str, str] = {}
    for number, line in enumerate(clean_text(text).splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ValidationError(
                {
                    "extra": _l(
                        "Line %(n)s («%(line)s») has no “Name: value”.",
                        n=number,
                        line=line.strip()[:80],
                    )
                }
            )
        extra[name.strip()] = value.strip()
    return extra


def extra_text(extra: dict) -> str:
    """The extra header fields as the form shows them: «Name: value» per line."""
    return "\n".join(f"{name}: {value}" for name, value in (extra or {}).items())


def _clean_extra(value) -> dict[str, str]:
    """A dict of text names to text values (the API), or the form's «Name: value» lines."""
    if isinstance(value, str):
        value = parse_extra(value)
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValidationError({"extra": _l("Give the extra fields as names with text values.")})
    clean: dict[str, str] = {}
    for key, text in value.items():
        name, text = " ".join(clean_text(key).split()), " ".join(clean_text(text).split())
        if not name:
            raise ValidationError({"extra": _l("Every extra field needs a name.")})
        if len(name) > MAX_EXTRA_KEY or len(text) > MAX_EXTRA_VALUE:
            raise ValidationError(
                {
                    "extra": _l(
                        "«%(name)s»: at most %(k)s characters in a name and %(v)s in a value.",
                        name=name[:80],
                        k=MAX_EXTRA_KEY,
                        v=MAX_EXTRA_VALUE,
                    )
                }
            )
        clean[name] = text
    if len(clean) > MAX_EXTRA_KEYS:
        raise ValidationError({"extra": _l("At most %(n)s extra fields.", n=MAX_EXTRA_KEYS)})
    return clean


def _office_of(pilot: Pilot, office_id) -> Office | None:
    """The source office must be one of the pilot's offices (seed 001 §2.6: a portrait per
    ЦЗН, Udmurtia)."""
    if office_id in (None, ""):
        return None
    office = next((o for o in pilot.offices if o.id == office_id), None)
    if office is None:
        raise ValidationError({"office_id": _l("Choose one of the pilot's offices.")})
    return office


def _client_type(value) -> ClientType | None:
    """Seeker or employer, or not said (empty)."""
    if value in (None, ""):
        return None
    if value not in ClientType.__members__:
        raise ValidationError({"client_type": _l("Choose job seeker or employer.")})
    return ClientType(value)


def _clean_profile(pilot: Pilot, data: dict, partial: bool) -> dict:
    """The profile's fields from `data`, cleaned; every bad one named in one ValidationError."""
    errors: dict = {}
    clean: dict = {}

    def wanted(name: str) -> bool:
        return not partial or name in data

    if wanted("title"):
        clean["title"] = clean_text(data.get("title"))
        if not clean["title"]:
            errors["title"] = _l("Enter a title of the profile.")
        _check_length(errors, "title", clean["title"], TITLE_LIMIT)
    for name, limit in HEADER_LIMITS.items():
        if wanted(name):
            clean[name] = clean_text(data.get(name))
            _check_length(errors, name, clean[name], limit)
    for name in LIST_FIELDS:
        if wanted(name):
            clean[name] = "\n".join(split_lines(data.get(name)))
            _check_length(errors, name, clean[name], MAX_TEXT)
    if wanted("client_type"):
        try:
            clean["client_type"] = _client_type(data.get("client_type"))
        except ValidationError as exc:
            errors.update(exc.fields)
    if wanted("extra"):
        try:
            clean["extra"] = _clean_extra(data.get("extra") or {})
        except ValidationError as exc:
            errors.update(exc.fields)
    if wanted("office_id"):
        try:
            clean["office"] = _office_of(pilot, data.get("office_id"))
        except ValidationError as exc:
            errors.update(exc.fields)
    if errors:
        raise ValidationError(errors)
    return clean


def portrait(profile: ClientProfile) -> dict:
    """The profile's content as saved in a revision: header fields as text, list fields as
    lists of items, extra header fields, the source office and the merge link."""
    return {
        "title": profile.title,
        **{name: getattr(profile, name) or "" for name in HEADER_FIELDS},
        **{name: split_lines(getattr(profile, name)) for name in LIST_FIELDS},
        "extra": dict(profile.extra or {}),
        "client_type": str(profile.client_type or ""),
        "office_id": profile.office.id if profile.office else None,
        "office": profile.office.name if profile.office else "",
        "merged_into_id": profile.merged_into_id,
    }


def record_revision(actor: User | None, profile: ClientProfile) -> ProfileRevision:
    """Snapshot the profile as just saved, under its new version number."""
    db.session.flush()
    revision = ProfileRevision(
        profile_id=profile.id,
        version=profile.version,
        data=portrait(profile),
        author_id=actor.id if actor else None,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def create_profile(actor: User, pilot: Pilot, data: dict) -> ClientProfile:
    access.require(actor, "cycle.edit", pilot.region_id)
    clean = _clean_profile(pilot, data, partial=False)
    profile = ClientProfile(pilot=pilot, region_id=pilot.region_id, **clean)
    db.session.add(profile)
    record_revision(actor, profile)
    work_changed(pilot, actor)
    return profile


def update_profile(
    actor: User, profile: ClientProfile, data: dict, version: int | None
) -> ClientProfile:
    """Save changes; a save that changes something becomes a new version with its snapshot."""
    access.require(actor, "cycle.edit", profile.region_id)
    check_version(profile, version)
    before = portrait(profile)
    for name, value in _clean_profile(profile.pilot, data, partial=True).items():
        setattr(profile, name, value)
    if portrait(profile) != before:
        record_revision(actor, profile)
    return profile


def delete_profile(actor: User, profile: ClientProfile) -> None:
    """Delete a profile; drafts merged into it lose the mark, journeys keep going without it
    (ON DELETE SET NULL)."""
    access.require(actor, "cycle.edit", profile.region_id)
    pilot = profile.pilot
    db.session.delete(profile)
    db.session.flush()
    work_changed(pilot, actor)


# --- merging drafts into one profile -----------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _distinct(values: Iterable[str]) -> list[str]:
    """Non-empty values without repeats (trimmed, case-insensitive), in first-seen order."""
    seen: set[str] = set()
    result = []
    for value in values:
        value = value.strip()
        if value and _key(value) not in seen:
            seen.add(_key(value))
            result.append(value)
    return result


def merged_content(sources: list[ClientProfile]) -> dict:
    """The union of several drafts (seed 001 §2.6: Udmurtia 3 ЦЗН portraits → 1; Orenburg
    3 employer portraits → 1 typical): list items united without repeats, header values and
    extra values that differ joined with " / "."""
    content: dict = {
        name: MERGE_SEPARATOR.join(_distinct(getattr(s, name) or "" for s in sources))
        for name in HEADER_FIELDS
    }
    for name in LIST_FIELDS:
        content[name] = "\n".join(
            _distinct(item for s in sources for item in split_lines(getattr(s, name)))
        )
    names: dict[str, str] = {}  # case-insensitive name → the spelling seen first
    values: dict[str, list[str]] = {}
    for source in sources:
        for name, value in (source.extra or {}).items():
            first = names.setdefault(_key(name), name)
            values.setdefault(first, []).append(value)
    content["extra"] = {name: MERGE_SEPARATOR.join(_distinct(v)) for name, v in values.items()}
    return content


def _merge_sources(actor: User, pilot: Pilot, source_ids) -> list[ClientProfile]:
    ids = list(dict.fromkeys(source_ids or ()))
    if len(ids) < 2:
        raise ValidationError({"source_ids": _l("Choose at least two profiles to merge.")})
    if not all(is_id(i) for i in ids):
        raise ValidationError({"source_ids": _l("Choose profiles of this pilot.")})
    stmt = access.scoped(
        sa.select(ClientProfile).where(ClientProfile.id.in_(ids)), ClientProfile, actor
    )
    found = {p.id: p for p in db.session.scalars(stmt)}
    if len(found) != len(ids) or any(p.pilot_id != pilot.id for p in found.values()):
        raise ValidationError({"source_ids": _l("Choose profiles of this pilot.")})
    return [found[i] for i in ids]


def merge_profiles(actor: User, pilot: Pilot, title: str | None, source_ids) -> ClientProfile:
    """A new profile made of ≥ 2 drafts of the pilot; the drafts stay, marked as merged into
    it, and it remembers them."""
    access.require(actor, "cycle.edit", pilot.region_id)
    errors: dict = {}
    try:
        sources = _merge_sources(actor, pilot, source_ids)
    except ValidationError as exc:
        errors.update(exc.fields)
        sources = []
    clean_title = clean_text(title)
    if not clean_title:
        errors["title"] = _l("Enter a title of the profile.")
    _check_length(errors, "title", clean_title, TITLE_LIMIT)
    if errors:
        raise ValidationError(errors)
    content = merged_content(sources)
    try:
        clean = _clean_profile(pilot, {"title": clean_title, **content}, partial=False)
    except ValidationError as exc:  # a joined header value longer than its column
        message = _l("The merged %(names)s would be too long: shorten the drafts.")
        raise ValidationError({"source_ids": message % {"names": ", ".join(exc.fields)}}) from exc
    offices = {s.office_id for s in sources}
    if len(offices) == 1:  # drafts of one office make that office's profile
        clean["office"] = sources[0].office
    types = {s.client_type for s in sources}
    if len(types) == 1:  # drafts of one client type make a profile of that type
        clean["client_type"] = sources[0].client_type
    profile = ClientProfile(pilot=pilot, region_id=pilot.region_id, sources=sources, **clean)
    db.session.add(profile)
    record_revision(actor, profile)
    for source in sources:
        source.merged_into_id = profile.id
        record_revision(actor, source)
    work_changed(pilot, actor)
    return profile
