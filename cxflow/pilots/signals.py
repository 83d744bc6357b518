"""What happens to a pilot, for the domains that hang off it (blinker, as Flask ships it)."""

from blinker import Namespace

_signals = Namespace()

# sent with the new pilot, flushed, before the commit; a receiver's error undoes the creation.
# Keyword arguments: `project_year`, `optional_lines` (cxflow.pilots.services.create_pilot).
pilot_created = _signals.signal("pilot-created")

# sent with the pilot, and `actor`, when the work recorded for it changed: its documents, its
# working group's meetings, client KPIs and profiles, journeys, measurements, solutions, the CX
# cycle's stage. Before the commit, like pilot_created: cxflow.roadmaps closes or reopens the
# roadmap lines that this work completes (a domain below roadmaps announces, never imports it).
pilot_work_changed = _signals.signal("pilot-work-changed")


def work_changed(pilot, actor=None) -> None:
    """Announce that the work recorded for `pilot` changed (see pilot_work_changed)."""
    pilot_work_changed.send(pilot, actor=actor)
