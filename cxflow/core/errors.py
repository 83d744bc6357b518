"""Domain errors raised by services; HTML views and the API turn them into responses."""

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    status = 400
    code = "bad_request"
    extra: dict = {}

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.code


class ValidationError(DomainError):
    """Bad field values: `fields` maps a field name to its messages."""

    status = 422
    code = "validation_error"

    def __init__(self, fields: dict):
        self.fields = {
            name: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
            for name, messages in fields.items()
        }
        super().__init__(invalid_fields_message(self.fields))


def invalid_fields_message(fields: dict) -> str:
    return str(_l("Some fields are invalid: %(names)s", names=", ".join(fields)))


class ConflictError(DomainError):
    """The object changed since the client read it, or a transition is not allowed now."""

    status = 409
    code = "conflict"

    def __init__(self, message: str | None = None, **extra):
        self.extra = extra
        super().__init__(
            message
            or str(_l("The record was changed by someone else. Reload it and repeat your change."))
        )
