"""Text as the services store it."""


def clean_text(value) -> str:
    """Stripped text without NUL characters (PostgreSQL refuses them); not text → ""."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""
