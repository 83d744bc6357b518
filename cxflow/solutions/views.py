"""HTML pages of solution maps: the editable map of a pilot and one solution with its
history and effect."""

from flask import Blueprint

bp = Blueprint("solutions", __name__)
