"""The manager dashboard of overdue quick wins and solutions (HTML)."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
