"""The one blueprint of the journeys pages, so every endpoint is journeys.<page>."""

from flask import Blueprint

bp = Blueprint("journeys", __name__)
