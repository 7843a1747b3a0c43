"""Pictures of the question bank: stored at import, read by the media route."""

from __future__ import annotations

import re

from sqlalchemy import select

from ...content import model as content
from ...extensions import db
from ...models import MediaFile
from ..errors import NotFound

DIGEST = re.compile(r"^[0-9a-f]{64}$")


def store_images(questions: list[content.Question]) -> int:
    """Add the images of `questions` not stored yet (inside the caller's transaction); returns
    how many were added. Stored images are never changed: a digest names one file."""
    wanted = {i.digest: i for q in questions for i in q.all_images() if i.data}
    if not wanted:
        return 0
    known = set(db.session.scalars(select(MediaFile.digest)
                                   .where(MediaFile.digest.in_(list(wanted)))))
    for digest, image in wanted.items():
        if digest not in known:
            db.session.add(MediaFile(digest=digest, media_type=image.media_type,
                                     size=len(image.data), data=image.data))
    return len(wanted) - len(known)


def media_file(digest: str) -> MediaFile:
    """The stored image named by `digest`; NotFound for anything else."""
    row = db.session.get(MediaFile, digest) if DIGEST.match(digest) else None
    if row is None:
        raise NotFound("There is no such image.")
    return row
