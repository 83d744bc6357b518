"""The JSON shapes of the clients API (KPIs and profiles)."""

import marshmallow as ma

from cxflow.clients import services
from cxflow.clients.models import KPI_GROUP_TITLES, ClientType, KpiGroup
from cxflow.core.api import Id, Timestamp

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
    client_type = ma.fields.String(
        allow_none=True,
        validate=ma.validate.OneOf([t.value for t in ClientType]),
        metadata={"description": "seeker | employer: counted for maturity item 5 (seed 004 §1)"},
    )


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
    client_type = ma.fields.Function(lambda p: str(p.client_type) if p.client_type else None)
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
