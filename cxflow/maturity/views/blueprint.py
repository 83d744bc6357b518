"""The one blueprint of the maturity pages, so every endpoint is maturity.<page>."""

from flask import Blueprint

bp = Blueprint("maturity", __name__)
