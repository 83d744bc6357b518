"""Fire events of the declared workflows and record every transition.

One module-level `transitions.Machine` per workflow. ORM objects are never registered with
it (a registered object is never garbage-collected); a throwaway proxy carries the state.
"""

from collections.abc import Callable
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from transitions import Machine, MachineError

from cxflow.core import access
from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import clean_text
from cxflow.workflows.definitions import WORKFLOWS, Workflow
from cxflow.workflows.models import TransitionRecord

MACHINES = {
    name: Machine(
        model=None,
        states=list(w.states),
        transitions=[dict(t) for t in w.transitions],
        initial=None,
        model_attribute="status",
        auto_transitions=False,
    )
    for name, w in WORKFLOWS.items()
}

# workflow name -> event -> function(obj) -> list of human-readable blockers
GUARDS: dict[str, dict[str, Callable[[object], list[str]]]] = {}


def guard(workflow: str, event: str):
    """Register a function that lists what still blocks `event` (empty: it may go); the
    workflow's definition must declare the event in `guards`."""

    def register(function):
        GUARDS.setdefault(workflow, {})[event] = function
        return function

    return register


def check_guards() -> None:
    """At start-up: every guard a definition declares is registered, and none other is."""
    declared = {(w.name, event) for w in WORKFLOWS.values() for event in w.guards}
    registered = {(name, event) for name, events in GUARDS.items() for event in events}
    if declared != registered:
        missing = sorted(declared - registered)
        undeclared = sorted(registered - declared)
        raise RuntimeError(
            f"workflow guards: declared but not registered {missing}; "
            f"registered but not declared {undeclared}"
        )


def state_of(workflow: Workflow, obj) -> str:
    return getattr(obj, workflow.attribute)


def allowed_events(workflow: Workflow, state: str) -> list[str]:
    return MACHINES[workflow.name].get_triggers(state)


def blockers(workflow: Workflow, obj, event: str) -> list[str]:
    check = GUARDS.get(workflow.name, {}).get(event)
    return [str(b) for b in check(obj)] if check else []


def fire(workflow: Workflow, obj, event: str, actor, comment: str = ""):
    """Check permission and guards, move `obj`, write the history row, flush (no commit)."""
    access.require(actor, workflow.permission, obj.region_id)
    comment = clean_text(comment)
    if event in workflow.comment_required and not comment:
        raise ValidationError({"comment": _l("Say why (a comment is required).")})
    state = state_of(workflow, obj)
    allowed = allowed_events(workflow, state)
    blocked = blockers(workflow, obj, event) if event in allowed else []
    if event not in allowed or blocked:
        title = workflow.event_titles.get(event, event)
        message = (
            _l("“%(event)s” is not possible now.", event=title)
            if not blocked
            else _l("Cannot %(event)s yet: %(reasons)s", event=title, reasons="; ".join(blocked))
        )
        raise ConflictError(str(message), allowed_events=allowed, blockers=blocked)
    proxy = SimpleNamespace()
    machine = MACHINES[workflow.name]
    machine.add_model(proxy, initial=state)
    try:
        proxy.trigger(event)
    except MachineError as exc:  # unreachable after the check above, kept as a safety net
        raise ConflictError(str(exc), allowed_events=allowed, blockers=[]) from exc
    finally:
        machine.remove_model(proxy)
    setattr(obj, workflow.attribute, proxy.status)
    db.session.add(
        TransitionRecord(
            workflow=workflow.name,
            object_id=obj.id,
            region_id=obj.region_id,
            event=event,
            from_state=state,
            to_state=proxy.status,
            actor_id=actor.id,
            comment=comment,
        )
    )
    db.session.flush()
    return obj


def history(workflow: Workflow, object_id: int) -> list[TransitionRecord]:
    stmt = (
        sa.select(TransitionRecord)
        .where(TransitionRecord.workflow == workflow.name, TransitionRecord.object_id == object_id)
        .options(selectinload(TransitionRecord.actor))
        .order_by(TransitionRecord.at, TransitionRecord.id)
    )
    return list(db.session.scalars(stmt))
