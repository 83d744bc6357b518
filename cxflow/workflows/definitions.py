"""Every state machine of cxflow, declared as data: the model attribute that holds the state,
states, final states, events, who may fire them, and which events are guarded.

A guard lives with the domain that knows the data (roadmaps.services.roadmap_blockers …) and is
registered with `engine.guard(workflow, event)`; at start-up the engine checks that every guard
declared here is registered, so a guard cannot be silently absent (cxflow.workflows.engine).
"""

from dataclasses import dataclass, field
from itertools import pairwise

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Workflow:
    name: str
    states: tuple[str, ...]
    transitions: tuple[dict, ...]  # `transitions` package format: trigger, source, dest
    permission: str  # cxflow.core.access permission needed to fire any event
    attribute: str = "status"  # the model's column that holds the state
    final_states: frozenset[str] = field(default_factory=frozenset)
    guards: frozenset[str] = field(default_factory=frozenset)  # events with a registered guard
    comment_required: frozenset[str] = field(default_factory=frozenset)
    state_titles: dict = field(default_factory=dict)
    event_titles: dict = field(default_factory=dict)


# An activity or checkpoint of a roadmap; "overdue" is derived from dates, never stored. A line
# that the CX cycle completes (cxflow.roadmaps) is closed by hand only with a document of its
# own while the cycle's artefact is missing: `complete` is guarded.
ACTIVITY = Workflow(
    name="activity",
    states=("planned", "in_progress", "done", "cancelled"),
    transitions=(
        {"trigger": "start", "source": "planned", "dest": "in_progress"},
        {"trigger": "complete", "source": ["planned", "in_progress"], "dest": "done"},
        {"trigger": "cancel", "source": ["planned", "in_progress"], "dest": "cancelled"},
        {"trigger": "reopen", "source": ["done", "cancelled"], "dest": "in_progress"},
    ),
    permission="activities.progress",
    final_states=frozenset({"done", "cancelled"}),
    guards=frozenset({"complete"}),
    comment_required=frozenset({"cancel", "reopen"}),
    state_titles={
        "planned": _l("planned"),
        "in_progress": _l("in progress"),
        "done": _l("done"),
        "cancelled": _l("cancelled"),
    },
    event_titles={
        "start": _l("Start"),
        "complete": _l("Mark done"),
        "cancel": _l("Cancel"),
        "reopen": _l("Reopen"),
    },
)

# A pilot's roadmap: approved by a working-group protocol (seed 001 App. 1 item 1.4).
ROADMAP = Workflow(
    name="roadmap",
    states=("draft", "approved"),
    transitions=(
        {"trigger": "approve", "source": "draft", "dest": "approved"},
        {"trigger": "reopen", "source": "approved", "dest": "draft"},
    ),
    permission="roadmaps.approve",
    attribute="roadmap_status",
    guards=frozenset({"approve"}),
    comment_required=frozenset({"reopen"}),
    state_titles={"draft": _l("draft"), "approved": _l("approved")},
    event_titles={"approve": _l("Approve the roadmap"), "reopen": _l("Back to draft")},
)

# A consultation-log entry (seed 001 App. 4, 25): answered by a federal consultant, then closed.
CONSULTATION = Workflow(
    name="consultation",
    states=("open", "answered", "closed"),
    transitions=(
        {"trigger": "answer", "source": "open", "dest": "answered"},
        {"trigger": "close", "source": "answered", "dest": "closed"},
        {"trigger": "reopen", "source": ["answered", "closed"], "dest": "open"},
    ),
    permission="consultations.answer",
    final_states=frozenset({"closed"}),
    comment_required=frozenset({"reopen"}),
    state_titles={"open": _l("open"), "answered": _l("answered"), "closed": _l("closed")},
    event_titles={"answer": _l("Answer"), "close": _l("Close"), "reopen": _l("Reopen")},
)


def _linear(stages: tuple[str, ...]) -> tuple[dict, ...]:
    """`advance` to the next stage and `step_back` to the previous one, for every stage."""
    pairs = list(pairwise(stages))
    return tuple({"trigger": "advance", "source": a, "dest": b} for a, b in pairs) + tuple(
        {"trigger": "step_back", "source": b, "dest": a} for a, b in pairs
    )


# The CX improvement cycle of a pilot (seed 001 §1.3 "Рис.2 Этапы и результаты"; API.md).
# The stage lives in Pilot.stage; what blocks `advance` is in cxflow.cycle.services.
CYCLE_STAGES = (
    "working_group",
    "target_group",
    "profile",
    "journey",
    "measurements",
    "solution_map",
    "quick_wins",
    "monitoring",
    "closed",
)
CYCLE = Workflow(
    name="cycle",
    states=CYCLE_STAGES,
    transitions=_linear(CYCLE_STAGES),
    permission="cycle.move",
    attribute="stage",
    final_states=frozenset({"closed"}),
    guards=frozenset({"advance"}),
    comment_required=frozenset({"step_back"}),
    state_titles={
        "working_group": _l("Working group"),
        "target_group": _l("Target group and KPIs"),
        "profile": _l("Client profile"),
        "journey": _l("Client journey"),
        "measurements": _l("Measurements"),
        "solution_map": _l("Solution map"),
        "quick_wins": _l("Quick wins"),
        "monitoring": _l("Monitoring the effect"),
        "closed": _l("Closed"),
    },
    event_titles={"advance": _l("Go to the next stage"), "step_back": _l("Step back")},
)

# A row of a solution map (API.md "CX improvement cycle"): `complete` records the day it was
# delivered (Solution.done_on), which the cycle's monitoring stage measures from.
SOLUTION = Workflow(
    name="solution",
    states=("planned", "in_progress", "done", "cancelled"),
    transitions=(
        {"trigger": "start", "source": "planned", "dest": "in_progress"},
        {"trigger": "complete", "source": ["planned", "in_progress"], "dest": "done"},
        {"trigger": "cancel", "source": ["planned", "in_progress"], "dest": "cancelled"},
        {"trigger": "reopen", "source": ["done", "cancelled"], "dest": "in_progress"},
    ),
    permission="cycle.edit",
    final_states=frozenset({"done", "cancelled"}),
    comment_required=frozenset({"reopen"}),
    state_titles=ACTIVITY.state_titles,
    event_titles={
        "start": _l("Start"),
        "complete": _l("Mark delivered"),
        "cancel": _l("Cancel"),
        "reopen": _l("Reopen"),
    },
)

# A control of the maturity matrix (seed 004 §1; DESIGN.md "Maturity"): an activity of the
# region or of one office. `operate` needs evidence (a link or a file: cxflow.maturity
# registers the guard); a step back needs a reason.
MATURITY_CONTROL = Workflow(
    name="maturity_control",
    states=("not_started", "in_development", "operating"),
    transitions=(
        {"trigger": "develop", "source": "not_started", "dest": "in_development"},
        {"trigger": "operate", "source": ["not_started", "in_development"], "dest": "operating"},
        {"trigger": "step_back", "source": "operating", "dest": "in_development"},
        {"trigger": "step_back", "source": "in_development", "dest": "not_started"},
    ),
    permission="maturity.controls",
    guards=frozenset({"operate"}),
    comment_required=frozenset({"step_back"}),
    state_titles={
        "not_started": _l("not started"),
        "in_development": _l("in development"),
        "operating": _l("operating"),
    },
    event_titles={
        "develop": _l("Start developing"),
        "operate": _l("Put into operation"),
        "step_back": _l("Step back"),
    },
)

# The region's maturity level 0–IV (seed 004 §1; level 0 = below I is cxflow's decision): one
# level up when every requirement of the next level is met (`reach`, guarded: the guard lists
# what is missing), one level down when the current level's requirements are no longer met
# (`lose`, guarded the other way). cxflow.maturity fires them when it recomputes the level.
MATURITY_LEVELS = ("level_0", "level_1", "level_2", "level_3", "level_4")
MATURITY_LEVEL = Workflow(
    name="maturity_level",
    states=MATURITY_LEVELS,
    transitions=tuple(
        {"trigger": "reach", "source": a, "dest": b} for a, b in pairwise(MATURITY_LEVELS)
    )
    + tuple({"trigger": "lose", "source": b, "dest": a} for a, b in pairwise(MATURITY_LEVELS)),
    # Anyone who sees the level may cause it to be recorded: it is computed, never chosen.
    permission="maturity.view",
    attribute="level",
    guards=frozenset({"reach", "lose"}),
    state_titles={
        "level_0": _l("level 0 (below I)"),
        "level_1": _l("level I"),
        "level_2": _l("level II"),
        "level_3": _l("level III"),
        "level_4": _l("level IV"),
    },
    event_titles={"reach": _l("Reach the next level"), "lose": _l("Lose the level")},
)

WORKFLOWS = {
    w.name: w
    for w in (
        ACTIVITY,
        ROADMAP,
        CONSULTATION,
        CYCLE,
        SOLUTION,
        MATURITY_CONTROL,
        MATURITY_LEVEL,
    )
}
