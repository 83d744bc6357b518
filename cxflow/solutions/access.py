"""The loader of the solutions domain: a solution in the caller's regions, or 404. (The
knowledge bank shows solutions by its own, wider rule: cxflow.bank.access.)"""

from flask_login import current_user

from cxflow.core import access
from cxflow.solutions.models import Solution


def load_solution_or_404(solution_id: int, user=None, permission: str | None = None) -> Solution:
    """The solution if `user` (the signed-in user by default) may see its region, else 404;
    and, when named, `permission` held there, else 403."""
    return access.get_or_404(Solution, solution_id, user or current_user, permission)
