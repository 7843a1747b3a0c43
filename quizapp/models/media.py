"""Pictures used by questions: stored once by the digest of the file as written, immutable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow


class MediaFile(Model):
    """The cleaned bytes of one image (PNG, JPEG or SVG). Snapshots name it by `digest`, so
    every question version keeps the picture it was imported with; never updated."""

    __tablename__ = "media_file"
    __table_args__ = (
        CheckConstraint("media_type IN ('image/png', 'image/jpeg', 'image/svg+xml')",
                        name="media_type"),
        CheckConstraint("size > 0 AND size <= 4000000", name="size"),
    )

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
