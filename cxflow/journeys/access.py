"""The loaders of the journeys domain, one per noun: the row in the caller's regions or 404."""

from flask_login import current_user

from cxflow.core import access
from cxflow.journeys.models import Journey, JourneyStage, Measurement, PainPoint, Touchpoint


def load_journey_or_404(journey_id: int, user=None, permission: str | None = None) -> Journey:
    """The journey if `user` (the signed-in user by default) may see its region, else 404; and,
    when named, `permission` held there, else 403."""
    return access.get_or_404(Journey, journey_id, user or current_user, permission)


def load_stage_or_404(stage_id: int, user=None, permission: str | None = None) -> JourneyStage:
    """The journey stage, as `load_journey_or_404`."""
    return access.get_or_404(JourneyStage, stage_id, user or current_user, permission)


def load_touchpoint_or_404(
    touchpoint_id: int, user=None, permission: str | None = None
) -> Touchpoint:
    """The touchpoint, as `load_journey_or_404`."""
    return access.get_or_404(Touchpoint, touchpoint_id, user or current_user, permission)


def load_pain_point_or_404(
    pain_point_id: int, user=None, permission: str | None = None
) -> PainPoint:
    """The pain point, as `load_journey_or_404`."""
    return access.get_or_404(PainPoint, pain_point_id, user or current_user, permission)


def load_measurement_or_404(
    measurement_id: int, user=None, permission: str | None = None
) -> Measurement:
    """The measurement, as `load_journey_or_404`."""
    return access.get_or_404(Measurement, measurement_id, user or current_user, permission)
