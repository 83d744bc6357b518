"""Region and office forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from cxflow.core.forms import VersionedForm, choices
from cxflow.orgs.models import NETWORK_TITLES


class RegionForm(VersionedForm):
    code = StringField(
        _l("Region code"),
        validators=[InputRequired(), Length(max=2)],
        description=_l("Two digits, e.g. 52 for Нижегородская область."),
    )
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    network = SelectField(_l("Employment service network"), choices=choices(NETWORK_TITLES.items()))
    timezone = StringField(
        _l("Time zone"),
        default="Europe/Moscow",
        description=_l("IANA name, e.g. Asia/Yekaterinburg."),
    )


class OfficeForm(VersionedForm):
    region_id = SelectField(_l("Region"), coerce=int)
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=300)])
    address = StringField(_l("Address"), validators=[Length(max=500)])
    opening_hours = StringField(
        _l("Opening hours"),
        validators=[Length(max=300)],
        description=_l(
            "Optional, e.g. «пн-пт 09:00-18:00; сб 10:00-14:00». Where set, survey answers sent "
            "from a kiosk outside these hours are flagged for review."
        ),
    )
    is_managing_office = BooleanField(
        _l("Managing office of the region"),
        description=_l(
            "The office of the regional service's management (аппарат управления): the index "
            "indicators of the managing-office level are filled here, once for the region. A "
            "region has one: marking this office unmarks the previous one."
        ),
    )


class NewOfficeForm(OfficeForm):
    version = None


class NewRegionForm(RegionForm):
    version = None
