"""The LMS blueprint (LTI 1.3): `bp`, and the framing rule for its pages.

The views live in routes.py (login, launch, key set, Canvas configuration) and deep_linking.py
(the catalogue an instructor picks from); each imports `bp` from here, and the package imports
them both. Login and launch are posted by the LMS, from its own pages: they carry no CSRF
token, and the OIDC state, nonce and signature take its place.
"""

from __future__ import annotations

from flask import Blueprint, g

from ..services.lti import framing

bp = Blueprint("lms", __name__, url_prefix="/lti")


@bp.before_request
def _frameable_by_platforms() -> None:
    """Before a launch has made a session, the LMS pages that frame us are known only as the
    registered platforms' origins: those (and no one else) may frame these pages."""
    g.frame_ancestors = framing.registered_origins()
