"""What the checks of the journeys domain's nouns share: the limits of titles and texts,
reading a choice, and naming the errors of a nested item by its place."""

import enum

MAX_TITLE = 300
MAX_TEXT = 20_000


def member(kind: type[enum.Enum], value):
    """The member of `kind` named by `value`, or None when there is none."""
    try:
        return kind(value)
    except ValueError:
        return None


def prefixed(errors: dict, prefix: str) -> dict:
    """Errors of a nested item named in place: {"title": …} under "stages.2." is
    {"stages.2.title": …}."""
    return {f"{prefix}{name}": message for name, message in errors.items()}
