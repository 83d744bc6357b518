"""/api/v1 endpoints of the clients domain (API.md "CX improvement cycle"): client KPIs and
client profiles with their revisions and merges."""

import marshmallow as ma

from cxflow.clients import services
from cxflow.clients.models import KPI_GROUP_TITLES, ClientKpi, ClientProfile, KpiGroup
from cxflow.core import access
from cxflow.core.api import Blueprint, Id, PageArgs, Timestamp, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.pilots.models import Pilot

blp = Blueprint(
    "clients_api", __name__, url_prefix="/api/v1", description="Client KPIs and client profiles"
)

GROUPS = ma.validate.OneOf([g.value for g in KpiGroup])
MAX_ITEMS = 500


def _length(limit: int) -> ma.validate.Length:
    return ma.validate.Length(max=limit)


class Lines(ma.fields.Field):
    """A list field of a profile: a list of items, or text with one item per line."""

    def __init__(self, **kwargs):
        schema = {
            "oneOf": [
                {"type": "string", "maxLength": services.MAX_TEXT},
                {
                    "type": "array",
                    "items": {"type": "string", "maxLength": services.MAX_TEXT},
                    "maxItems": MAX_ITEMS,
                },
            ],
            "description": "A list of items, or text with one item per line",
        }
        super().__init__(metadata=schema, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) <= services.MAX_TEXT:
            return value
        if (
            isinstance(value, list)
            and len(value) <= MAX_ITEMS
            and all(isinstance(v, str) and len(v) <= services.MAX_TEXT for v in value)
        ):
            return value
        raise ma.ValidationError("Give a list of texts, or text with one item per line.")


class TextMap(ma.fields.Field):
    """Group-specific header fields: an object of text names and text values."""

    def __init__(self, **kwargs):
        schema = {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": 'Group-specific header fields, e.g. {"Группа инвалидности": "III"}',
        }
        super().__init__(metadata=schema, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            return value
        raise ma.ValidationError("Give an object of text names and text values.")


# --- client KPIs -----------------------------------------------------------------------------


class KpiSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    group = ma.fields.String()
    group_title = ma.fields.Function(lambda k: str(KPI_GROUP_TITLES[KpiGroup(k.group)]))
    title = ma.fields.String()
    description = ma.fields.String(metadata={"description": "The essence (суть показателя)"})
    unit = ma.fields.String()
    formula = ma.fields.String()
    baseline = ma.fields.String()
    target = ma.fields.String()
    version = ma.fields.Integer()
    created_at = Timestamp()
    updated_at = Timestamp()


class KpiPatch(ma.Schema):
    group = ma.fields.String(
        validate=GROUPS, metadata={"description": "One of the five groups of seed 001 §2.2"}
    )
    title = ma.fields.String(validate=_length(300))
    description = ma.fields.String(validate=_length(services.MAX_TEXT))
    unit = ma.fields.String(validate=_length(50))
    formula = ma.fields.String(validate=_length(services.MAX_TEXT))
    baseline = ma.fields.String(validate=_length(200))
    target = ma.fields.String(validate=_length(200))


class KpiCreate(KpiPatch):
    group = ma.fields.String(
        required=True,
        validate=GROUPS,
        metadata={"description": "One of the five groups of seed 001 §2.2"},
    )
    title = ma.fields.String(required=True, validate=_length(300))


class KpiUpdate(KpiPatch):
    version = Id(required=True, metadata={"description": "The version read; a stale one is a 409"})


@blp.route("/pilots/<int:pilot_id>/kpis")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(KpiSchema))
def list_kpis(args, pilot_id):
    """The pilot's client KPIs, in the order they were added."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    return paginated(services.list_kpis(api_user(), pilot), args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/kpis", methods=["POST"])
@blp.arguments(KpiCreate)
@blp.response(201, KpiSchema)
def create_kpi(data, pilot_id):
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    kpi = services.create_kpi(api_user(), pilot, data)
    db.session.commit()
    return kpi


@blp.route("/kpis/<int:kpi_id>")
@blp.response(200, KpiSchema)
def get_kpi(kpi_id):
    return access.get_or_404(ClientKpi, kpi_id, api_user(), "pilots.view")


@blp.route("/kpis/<int:kpi_id>", methods=["PATCH"])
@blp.arguments(KpiUpdate)
@blp.response(200, KpiSchema)
def update_kpi(data, kpi_id):
    kpi = access.get_or_404(ClientKpi, kpi_id, api_user(), "pilots.view")
    version = data.pop("version")
    services.update_kpi(api_user(), kpi, data, version)
    db.session.commit()
    return kpi


@blp.route("/kpis/<int:kpi_id>", methods=["DELETE"])
@blp.response(204)
def delete_kpi(kpi_id):
    services.delete_kpi(api_user(), access.get_or_404(ClientKpi, kpi_id, api_user(), "pilots.view"))
    db.session.commit()


# --- client profiles -------------------------------------------------------------------------


def _header(name: str, description: str) -> ma.fields.String:
    limit = services.HEADER_LIMITS[name]
    return ma.fields.String(validate=_length(limit), metadata={"description": description})


class ProfilePatch(ma.Schema):
    title = ma.fields.String(validate=_length(services.TITLE_LIMIT))
    target_group = _header("target_group", "Целевая группа")
    persona_name = _header("persona_name", "A persona, e.g. «Ольга, 37 лет»")
    age = _header("age", "Возраст: a point or a range, as text")
    gender = _header("gender", "Пол")
    family_status = _header("family_status", "Семейный статус")
    education = _header("education", "Образование")
    experience = _header("experience", "Опыт работы")
    preferred_channels = _header(
        "preferred_channels", "Предпочтительные формы взаимодействия с ЦЗН"
    )
    values = Lines()
    wishes = Lines()
    pains = Lines()
    goals = Lines()
    quotes = Lines()
    extra = TextMap()
    office_id = Id(allow_none=True, metadata={"description": "One of the pilot's offices"})


class ProfileCreate(ProfilePatch):
    title = ma.fields.String(required=True, validate=_length(services.TITLE_LIMIT))


class ProfileUpdate(ProfilePatch):
    version = Id(required=True, metadata={"description": "The version read; a stale one is a 409"})


def _items(name: str) -> ma.fields.Function:
    """A list field of the profile as a list of items."""
    return ma.fields.Function(
        lambda p: services.split_lines(getattr(p, name)),
        metadata={"type": "array", "items": {"type": "string"}},
    )


class ProfileSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer()
    office_id = ma.fields.Integer(allow_none=True)
    office_name = ma.fields.Function(lambda p: p.office.name if p.office else None)
    title = ma.fields.String()
    target_group = ma.fields.String()
    persona_name = ma.fields.String()
    age = ma.fields.String()
    gender = ma.fields.String()
    family_status = ma.fields.String()
    education = ma.fields.String()
    experience = ma.fields.String()
    preferred_channels = ma.fields.String()
    values = _items("values")
    wishes = _items("wishes")
    pains = _items("pains")
    goals = _items("goals")
    quotes = _items("quotes")
    extra = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    merged_into_id = ma.fields.Integer(
        allow_none=True, metadata={"description": "The merged profile this draft went into"}
    )
    source_ids = ma.fields.Function(
        lambda p: [s.id for s in p.sources],
        metadata={
            "type": "array",
            "items": {"type": "integer"},
            "description": "The drafts this profile was merged from",
        },
    )
    version = ma.fields.Integer()
    created_at = Timestamp()
    updated_at = Timestamp()


class ProfileRevisionSchema(ma.Schema):
    version = ma.fields.Integer()
    at = Timestamp()
    author_id = ma.fields.Integer(allow_none=True)
    author = ma.fields.Function(lambda r: r.author.full_name if r.author else None)
    data = ma.fields.Dict(metadata={"description": "The profile's fields as saved in this version"})


class ProfileMergeArgs(ma.Schema):
    title = ma.fields.String(required=True, validate=_length(services.TITLE_LIMIT))
    source_ids = ma.fields.List(
        Id(),
        required=True,
        validate=ma.validate.Length(max=100),
        metadata={"description": "At least two profiles of the pilot"},
    )


def _profile(profile_id: int):
    return access.get_or_404(ClientProfile, profile_id, api_user(), "pilots.view")


@blp.route("/pilots/<int:pilot_id>/profiles")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(ProfileSchema))
def list_profiles(args, pilot_id):
    """The pilot's profiles, drafts and merged ones, in the order they were made."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    return paginated(services.list_profiles(api_user(), pilot), args["page"], args["per_page"])


@blp.route("/pilots/<int:pilot_id>/profiles", methods=["POST"])
@blp.arguments(ProfileCreate)
@blp.response(201, ProfileSchema)
def create_profile(data, pilot_id):
    """A client portrait (seed 001 §2.6); only `title` is required; writes version 1."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    profile = services.create_profile(api_user(), pilot, data)
    db.session.commit()
    return profile


@blp.route("/pilots/<int:pilot_id>/profiles/merge", methods=["POST"])
@blp.arguments(ProfileMergeArgs)
@blp.response(201, ProfileSchema)
def merge_profiles(data, pilot_id):
    """A new profile made of ≥ 2 profiles of the pilot: list items united without repeats,
    different header values joined with " / "; each source gets `merged_into_id`."""
    pilot = access.get_or_404(Pilot, pilot_id, api_user(), "pilots.view")
    profile = services.merge_profiles(api_user(), pilot, data["title"], data["source_ids"])
    db.session.commit()
    return profile


@blp.route("/profiles/<int:profile_id>")
@blp.response(200, ProfileSchema)
def get_profile(profile_id):
    return _profile(profile_id)


@blp.route("/profiles/<int:profile_id>", methods=["PATCH"])
@blp.arguments(ProfileUpdate)
@blp.response(200, ProfileSchema)
def update_profile(data, profile_id):
    """Change fields; a change writes a new version with its snapshot."""
    profile = _profile(profile_id)
    version = data.pop("version")
    services.update_profile(api_user(), profile, data, version)
    db.session.commit()
    return profile


@blp.route("/profiles/<int:profile_id>", methods=["DELETE"])
@blp.response(204)
def delete_profile(profile_id):
    services.delete_profile(api_user(), _profile(profile_id))
    db.session.commit()


@blp.route("/profiles/<int:profile_id>/revisions")
@blp.response(200, list_schema(ProfileRevisionSchema))
def list_revisions(profile_id):
    """Every saved version of the profile, newest first."""
    items = services.revisions(_profile(profile_id))
    return {"items": items, "total": len(items)}


@blp.route("/profiles/<int:profile_id>/revisions/<int:version>")
@blp.response(200, ProfileRevisionSchema)
def get_revision(profile_id, version):
    return services.get_revision(api_user(), _profile(profile_id), version)
