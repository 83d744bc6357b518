"""Roadmaps: templates, lines and checkpoints, approval, feeds, exports, the monitoring report."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from cxflow.core.modules import Module, NavEntry
from cxflow.pilots.signals import pilot_created, pilot_work_changed
from cxflow.pilots.tabs import PilotTab
from cxflow.roadmaps import api, feed_views, services, views, workbook_views
from cxflow.roadmaps.reminders import ACTIVITIES
from cxflow.roadmaps.reports import STATUS_TITLES


def _setup(_app: Flask) -> None:
    pilot_created.connect(services.instantiate_template)
    pilot_work_changed.connect(services.sync_with_work)


module = Module(
    name="roadmaps",
    blueprints=(views.bp, feed_views.bp, workbook_views.bp),
    api_blueprints=(api.blp, feed_views.blp, workbook_views.blp),
    navigation=(NavEntry("roadmaps.my_activities", _l("My activities"), "pilots.view", order=20),),
    template_globals={"monitoring_status": lambda status: STATUS_TITLES.get(status, status)},
    contributes={
        "pilot_tabs": (PilotTab("roadmaps.pilot", _l("Roadmap"), 10),),
        "deadline_sources": (ACTIVITIES,),
    },
    task_modules=("cxflow.roadmaps.tasks",),
    setup=_setup,
)
