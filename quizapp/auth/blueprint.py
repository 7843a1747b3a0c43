"""The auth blueprint: `bp`, on which routes.py registers sign up, log in and log out."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__)
