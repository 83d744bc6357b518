"""The knowledge bank pages: search, similar solutions next to a pain point, copy."""

from flask import Blueprint

bp = Blueprint("bank", __name__)
