"""Rules for regions and offices."""

import datetime as dt
import re
from zoneinfo import available_timezones

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from cxflow.core import access
from cxflow.core.access import User
from cxflow.core.clock import region_today
from cxflow.core.db import check_version, lock
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.orgs.models import Network, Office, Region, new_survey_token
from cxflow.orgs.opening_hours import parse as parse_opening_hours

REGION_CODE = re.compile(r"^\d{2}$")
OPENING_HOURS_LIMIT = 300  # the column's length


def list_regions() -> list[Region]:
    # Region names and codes are reference data: every signed-in user may read them.
    return list(db.session.scalars(sa.select(Region).order_by(Region.code)))


def region_dates(today_for=region_today) -> dict[int, dt.date]:
    """Today in every region's own time zone (for `core.clock.today_by_region`)."""
    zones = db.session.execute(sa.select(Region.id, Region.timezone)).all()
    return {region_id: today_for(zone) for region_id, zone in zones}


def region_options(actor: User | None = None) -> list[tuple[int, str]]:
    """(id, "52 Нижегородская область") for a select: the regions `actor` may act in."""
    regions = access.visible_region_ids(actor) if actor is not None else None
    return [
        (r.id, f"{r.code} {r.name}") for r in list_regions() if regions is None or r.id in regions
    ]


def get_region_by_code(code: str) -> Region | None:
    return db.session.scalar(sa.select(Region).where(Region.code == code))


def _stripped(data: dict, fields: tuple[str, ...]) -> dict:
    """Only the editable fields that were sent, with surrounding spaces removed."""
    return {
        k: v.strip() if isinstance(v, str) else v
        for k, v in data.items()
        if k in fields and v is not None
    }


def _clean_region(data: dict, region: Region | None = None) -> dict:
    errors: dict[str, str] = {}
    clean = _stripped(data, ("code", "name", "network", "timezone"))
    if "code" in clean and not REGION_CODE.match(clean["code"]):
        errors["code"] = _l("A region code is two digits, e.g. 52.")
    elif "code" in clean:
        other = get_region_by_code(clean["code"])
        if other is not None and other is not region:
            errors["code"] = _l("Region %(code)s already exists.", code=clean["code"])
    if "name" in clean:
        if not clean["name"]:
            errors["name"] = _l("Enter the region's name.")
        else:
            other = db.session.scalar(sa.select(Region).where(Region.name == clean["name"]))
            if other is not None and other is not region:
                errors["name"] = _l("A region with this name already exists.")
    if "network" in clean and clean["network"] not in Network.__members__:
        errors["network"] = _l("Choose centralized or decentralized.")
    if "timezone" in clean and clean["timezone"] not in available_timezones():
        errors["timezone"] = _l("Unknown time zone.")
    if errors:
        raise ValidationError(errors)
    return clean


def create_region(actor: User, data: dict) -> Region:
    access.require(actor, "regions.manage")
    missing = {f: _l("This field is required.") for f in ("code", "name") if not data.get(f)}
    if missing:
        raise ValidationError(missing)
    region = Region(**_clean_region(data))
    db.session.add(region)
    db.session.flush()
    return region


def update_region(actor: User, region: Region, data: dict, version: int | None) -> Region:
    access.require(actor, "regions.manage")
    check_version(region, version)
    for key, value in _clean_region(data, region).items():
        setattr(region, key, value)
    db.session.flush()
    return region


def list_offices(
    actor: User, region_id: int | None = None, region_code: str | None = None
) -> sa.Select:
    stmt = sa.select(Office).join(Office.region).options(contains_eager(Office.region))
    stmt = stmt.order_by(Region.code, Office.name)
    if region_id is not None:
        stmt = stmt.where(Office.region_id == region_id)
    if region_code:
        stmt = stmt.where(Region.code == region_code)
    return access.scoped(stmt, Office, actor)


def _clean_office(data: dict, region_id: int, office: Office | None = None) -> dict:
    clean = _stripped(data, ("name", "address", "opening_hours", "is_managing_office"))
    if not isinstance(clean.get("is_managing_office", False), bool):
        raise ValidationError({"is_managing_office": _l("true or false.")})
    if "opening_hours" in clean:
        if len(clean["opening_hours"]) > OPENING_HOURS_LIMIT:
            raise ValidationError(
                {"opening_hours": _l("At most %(n)s characters.", n=OPENING_HOURS_LIMIT)}
            )
        parse_opening_hours(clean["opening_hours"])  # the off-hours flag reads them (#15)
    if "name" in clean:
        if not clean["name"]:
            raise ValidationError({"name": _l("Enter the office's name.")})
        stmt = sa.select(Office).where(Office.region_id == region_id, Office.name == clean["name"])
        other = db.session.scalar(stmt)
        if other is not None and other is not office:
            raise ValidationError({"name": _l("This region already has an office with this name.")})
    return clean


def create_office(
    actor: User,
    region_id: int | None,
    name: str,
    address: str = "",
    opening_hours: str = "",
    is_managing_office: bool = False,
) -> Office:
    region = db.session.get(Region, region_id) if region_id else None
    if region is None or not access.can_see_region(actor, region.id):
        raise ValidationError({"region_id": _l("Choose an existing region.")})
    access.require(actor, "offices.manage", region.id)
    clean = _clean_office(
        {
            "name": name or "",
            "address": address or "",
            "opening_hours": opening_hours or "",
            "is_managing_office": is_managing_office,
        },
        region.id,
    )
    if clean.get("is_managing_office"):
        _clear_managing(region)  # before the new office can be flushed with its mark
    office = Office(region=region, **clean)
    db.session.add(office)
    db.session.flush()
    return office


def update_office(actor: User, office: Office, data: dict, version: int | None) -> Office:
    access.require(actor, "offices.manage", office.region_id)
    check_version(office, version)
    clean = _clean_office(data, office.region_id, office)
    if clean.get("is_managing_office") and not office.is_managing_office:
        _clear_managing(office.region, keep=office)
    for key, value in clean.items():
        setattr(office, key, value)
    db.session.flush()
    return office


def _clear_managing(region: Region, keep: Office | None = None) -> None:
    """Unmark the region's managing office (аппарат управления, where the index's
    managing-office indicators are filled: seed 002 remarks #1, #35, #47) before another one is
    marked: a region has one (uq_offices_managing_office), and both changes share the
    transaction. The region's row is held meanwhile, so two such changes take turns."""
    lock(region)
    stmt = sa.select(Office).where(
        Office.region_id == region.id, Office.is_managing_office.is_(True)
    )
    if keep is not None:
        stmt = stmt.where(Office.id != keep.id)
    for other in db.session.scalars(stmt):
        other.is_managing_office = False
    db.session.flush()  # the old mark is gone before the new one is written


def managing_office(region_id: int) -> Office | None:
    """The region's managing office, if one is marked."""
    stmt = sa.select(Office).where(
        Office.region_id == region_id, Office.is_managing_office.is_(True)
    )
    return db.session.scalar(stmt)


def rotate_survey_token(actor: User, office: Office) -> Office:
    access.require(actor, "offices.manage", office.region_id)
    office.survey_token = new_survey_token()
    db.session.flush()
    return office


def survey_url(office: Office, base_url: str) -> str:
    """The public survey link of an office (printed as a QR code in the office)."""
    return f"{base_url.rstrip('/')}/s/{office.survey_token}"
