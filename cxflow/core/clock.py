"""Today in a region: deadlines fall due by the date in the region's own time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

DEFAULT_TIMEZONE = "Europe/Moscow"


def region_today(timezone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(timezone)).date()


def today_by_region(
    region_column: sa.ColumnElement, dates: dict[int, dt.date], default: dt.date | None = None
) -> sa.ColumnElement:
    """Today's date in each region's own time zone (`dates`, region id → today there, as
    `orgs.services.region_dates()` gives), as a SQL expression on `region_column`."""
    default = default or region_today(DEFAULT_TIMEZONE)
    return sa.case(dates, value=region_column, else_=default) if dates else sa.literal(default)
