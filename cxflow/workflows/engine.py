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
    return _move(workflow, obj, event, state, actor.id, comment)


def fire_for(workflow: Workflow, obj, event: str, actor, comment: str, link: str | None = None):
    """Move `obj` on behalf of another part of cxflow that recorded something (a roadmap line
    closed by the CX cycle): no permission and no guard are checked, the event must be possible
    from the object's state; the history row names `actor` (who recorded it, if known) and
    `link`, the page of what caused it. Flushes, no commit."""
    state = state_of(workflow, obj)
    if event not in allowed_events(workflow, state):
        raise ConflictError(
            str(_l("“%(event)s” is not possible now.", event=workflow.event_titles.get(event))),
            allowed_events=allowed_events(workflow, state),
            blockers=[],
        )
    actor_id = actor.id if actor is not None else None
    return _move(workflow, obj, event, state, actor_id, clean_text(comment), link)


def _move(
    workflow: Workflow,
    obj,
    event: str,
    state: str,
    actor_id: int | None,
    comment: str,
    link: str | None = None,
):
    """Run the trigger on a throwaway proxy, store the new state and the history row."""
    allowed = allowed_events(workflow, state)
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
            actor_id=actor_id,
            comment=comment,
            link=link,
        )
    )
    db.session.flush()
    return obj


def histories(workflow: Workflow, object_ids: list[int]) -> dict[int, list[TransitionRecord]]:
    """The histories of many objects in one query (a list page), by object id."""
    stmt = (
        sa.select(TransitionRecord)
        .where(
            TransitionRecord.workflow == workflow.name, TransitionRecord.object_id.in_(object_ids)
        )
        .options(selectinload(TransitionRecord.actor))
        .order_by(TransitionRecord.at, TransitionRecord.id)
    )
    found: dict[int, list[TransitionRecord]] = {object_id: [] for object_id in object_ids}
    for record in db.session.scalars(stmt):
        found[record.object_id].append(record)
    return found


def history(workflow: Workflow, object_id: int) -> list[TransitionRecord]:
    stmt = (
        sa.select(TransitionRecord)
        .where(TransitionRecord.workflow == workflow.name, TransitionRecord.object_id == object_id)
        .options(selectinload(TransitionRecord.actor))
        .order_by(TransitionRecord.at, TransitionRecord.id)
    )
    return list(db.session.scalars(stmt))
