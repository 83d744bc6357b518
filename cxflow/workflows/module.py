"""State machines: the titles of states and events for every page."""

from cxflow.core.modules import Module
from cxflow.workflows.definitions import WORKFLOWS

module = Module(
    name="workflows",
    template_globals={
        "state_title": lambda workflow, state: WORKFLOWS[workflow].state_titles.get(state, state),
        "event_title": lambda workflow, event: WORKFLOWS[workflow].event_titles.get(event, event),
    },
)
