"""Spaced review: one FSRS card per student and question."""

from __future__ import annotations

from datetime import datetime

from fsrs.card import CardDict
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime


class ReviewCard(Model):
    """The scheduler's memory of one question for one student: the FSRS card as JSON, and its
    due time copied out so "what is due" is an indexed range scan."""

    __tablename__ = "review_card"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        CheckConstraint("last_rating BETWEEN 1 AND 4", name="last_rating"),
        CheckConstraint("reviews >= 1", name="reviews"),
        Index("ix_review_card_user_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    card: Mapped[CardDict] = mapped_column(JSON)
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    # The FSRS rating of the latest graded answer: 1 again, 2 hard, 3 good, 4 easy.
    last_rating: Mapped[int]
    reviews: Mapped[int]
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime())
