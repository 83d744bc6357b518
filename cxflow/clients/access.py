"""The loaders of the clients domain: a client KPI or a client profile in the caller's regions,
or 404."""

from flask_login import current_user

from cxflow.clients.models import ClientKpi, ClientProfile
from cxflow.core import access


def load_kpi_or_404(kpi_id: int, user=None, permission: str | None = None) -> ClientKpi:
    """The client KPI if `user` (the signed-in user by default) may see its region, else 404;
    and, when named, `permission` held there, else 403."""
    return access.get_or_404(ClientKpi, kpi_id, user or current_user, permission)


def load_profile_or_404(profile_id: int, user=None, permission: str | None = None) -> ClientProfile:
    """The client profile, by the same rule as a KPI."""
    return access.get_or_404(ClientProfile, profile_id, user or current_user, permission)
