"""The JSON shapes of the notifications API."""

import marshmallow as ma

from cxflow.core.api import Id, Timestamp
from cxflow.notifications import services


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    title = ma.fields.String()
    body = ma.fields.String()
    link = ma.fields.String()
    created_at = Timestamp()
    read_at = Timestamp(allow_none=True)
    email_status = ma.fields.String(metadata={"description": "none | pending | sent | failed"})


class NotificationList(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NotificationSchema))
    total = ma.fields.Integer()
    unread = ma.fields.Integer()


class ReadArgs(ma.Schema):
    ids = ma.fields.List(
        Id(),
        load_default=None,
        validate=ma.validate.Length(max=1000),
        metadata={"description": "Omitted: every notification of the caller"},
    )


class ReadResult(ma.Schema):
    marked = ma.fields.Integer()
    unread = ma.fields.Integer()


EmailChoices = ma.Schema.from_dict(
    {kind: ma.fields.Boolean() for kind in services.KINDS}, name="EmailChoices"
)


class PreferencesSchema(ma.Schema):
    email = ma.fields.Nested(
        EmailChoices,
        required=True,
        metadata={"description": "E-mail wanted per notification kind; omitted kinds keep"},
    )
