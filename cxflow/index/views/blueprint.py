"""The one blueprint of the index pages, so every endpoint is index.<page>."""

from flask import Blueprint

bp = Blueprint("index", __name__)
