"""Question images, served to signed-in users as pictures that can run nothing."""

from __future__ import annotations

from flask import Response

from ..services.authoring import media
from .blueprint import bp


@bp.route("/media/<digest>")
def media_image(digest: str):
    """One stored image by its digest: immutable, so browsers may keep it."""
    row = media.media_file(digest)
    response = Response(row.data, mimetype=row.media_type)
    # An SVG opened on its own must not run anything; raster images need nothing either.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
