"""Text as the services store it."""

import re

SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value) -> str:
    """Stripped text without NUL characters (PostgreSQL refuses them); not text → ""."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""


def without_surrogates(value):
    """JSON may carry lone UTF-16 surrogates ("\\ud800") that no database can store: each
    becomes U+FFFD in every string of a parsed document."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value
