"""The JSON shapes of the orgs API."""

import marshmallow as ma
from flask import current_app

from cxflow.core.api import Id, PageArgs
from cxflow.orgs import services
from cxflow.orgs.models import Network

NETWORKS = ma.validate.OneOf([n.value for n in Network])
OPENING_HOURS = {
    "description": "Optional, e.g. «пн-пт 09:00-18:00; сб 10:00-14:00» (or mon-fri); kiosk survey "
    "answers outside them are flagged",
    "example": "пн-пт 09:00-18:00; сб 10:00-14:00",
}

MANAGING_OFFICE = {
    "description": "The region's managing office (аппарат управления), where the index's "
    "managing-office indicators are filled; one per region: marking one unmarks the previous one"
}


class RegionSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    code = ma.fields.String(required=True, metadata={"example": "52"})
    name = ma.fields.String(required=True)
    network = ma.fields.String(validate=NETWORKS, load_default=Network.centralized.value)
    timezone = ma.fields.String(load_default="Europe/Moscow")
    version = ma.fields.Integer(dump_only=True)


class RegionPatch(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    network = ma.fields.String(validate=NETWORKS)
    timezone = ma.fields.String()
    version = Id(required=True)


class OfficeSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    region_id = Id(required=True)
    region_code = ma.fields.Function(lambda o: o.region.code, dump_only=True)
    name = ma.fields.String(required=True)
    address = ma.fields.String(load_default="")
    opening_hours = ma.fields.String(load_default="", metadata=OPENING_HOURS)
    is_managing_office = ma.fields.Boolean(load_default=False, metadata=MANAGING_OFFICE)
    survey_url = ma.fields.Function(
        lambda o: services.survey_url(o, current_app.config["PUBLIC_BASE_URL"]),
        dump_only=True,
        metadata={
            "description": "The office's public survey link; secret, region and federal users only"
        },
    )
    version = ma.fields.Integer(dump_only=True)


class OfficePatch(ma.Schema):
    name = ma.fields.String()
    address = ma.fields.String()
    opening_hours = ma.fields.String(metadata=OPENING_HOURS)
    is_managing_office = ma.fields.Boolean(metadata=MANAGING_OFFICE)
    version = Id(required=True)


class OfficeFilter(PageArgs):
    region_code = ma.fields.String()
