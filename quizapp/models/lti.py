"""LTI 1.3: the LMS platforms we trust, our signing keys, the people, courses and links they
launch, and the outbox of grades to send back (docs/lti.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import UTCDateTime, utcnow

URL = 1000  # the longest URL we store (an LMS's service URLs can carry long query strings)
LMS_ID = 255  # the spec's identifiers (sub, context id, resource link id) are at most 255
OUTBOX_STATES = ("waiting", "sent", "failed")


class LtiPlatform(Model):
    """An LMS registration: who may launch us (issuer + client id) and where its OIDC login,
    token and key-set endpoints are. Removing one keeps its people and courses (removed_at)."""

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"), UniqueConstraint("name"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    issuer: Mapped[str] = mapped_column(String(LMS_ID))
    client_id: Mapped[str] = mapped_column(String(LMS_ID))
    auth_login_url: Mapped[str] = mapped_column(String(URL))
    auth_token_url: Mapped[str] = mapped_column(String(URL))
    key_set_url: Mapped[str] = mapped_column(String(URL))
    # The `aud` of our token request when the LMS wants something else than the token URL
    # (Brightspace does).
    token_audience: Mapped[str | None] = mapped_column(String(URL))
    # Origins (scheme://host[:port]) allowed to frame our pages for this LMS: the ones the
    # administrator named, plus the ones its signed launches came from.
    frame_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The LMS's services failed to answer (down, slow, refusing our token): no grade is sent
    # to it before this time, so a burst of submissions never waits on an LMS that is down.
    unreachable_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LtiDeployment(Model):
    """A deployment id of a platform: one install of the tool in the LMS (an account, a
    sub-account, a course). Launches from deployments not listed here are refused."""

    __tablename__ = "lti_deployment"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    deployment_id: Mapped[str] = mapped_column(String(LMS_ID))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LtiKey(Model):
    """One of the tool's RSA key pairs. The newest one not retired signs; the ones not retired
    are published at /lti/jwks. The private key is stored encrypted with a key derived from
    SECRET_KEY (quizapp.lti.keys), so a copy of the database alone does not reveal it."""

    __tablename__ = "lti_key"
    __table_args__ = (UniqueConstraint("kid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(100))
    private_key: Mapped[str] = mapped_column(Text)  # encrypted PEM (Fernet token)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LtiNonce(Model):
    """A nonce we sent to a platform at OIDC login. A launch must carry one that is here, not
    expired and not used; using it marks it used in the launch's transaction, so a replayed
    id token is refused on every app server."""

    __tablename__ = "lti_nonce"
    __table_args__ = (UniqueConstraint("nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(100))
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LtiUser(Model):
    """The link between an LMS person (platform + `sub`) and our account. Made on the first
    launch (or roster sync) with a new account; never by matching names or emails."""

    __tablename__ = "lti_user"
    __table_args__ = (UniqueConstraint("platform_id", "sub"), UniqueConstraint("user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    sub: Mapped[str] = mapped_column(String(LMS_ID))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # The name the LMS shares (if its privacy settings allow), shown to the instructor.
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_launch_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LtiContext(Model):
    """An LMS course (LTI context) and the cohort that mirrors it: its students are the
    cohort's members, its instructors the cohort's owners (cohort_instructor)."""

    __tablename__ = "lti_context"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"), UniqueConstraint("cohort_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    context_id: Mapped[str] = mapped_column(String(LMS_ID))
    title: Mapped[str] = mapped_column(String(200), default="")
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    deployment_id: Mapped[str] = mapped_column(String(LMS_ID), default="")
    # Names and Role Provisioning Service: the roster URL from the latest launch.
    memberships_url: Mapped[str | None] = mapped_column(String(URL))
    roster_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A sync in progress holds this lease, so two app servers never sync the same course.
    roster_claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    roster_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LtiResourceLink(Model):
    """A link placed in an LMS course (usually by deep linking): what it opens (a lesson or a
    quiz, by its stable module/slug target) and, for a quiz, the gradebook column (AGS line
    item) its grade goes to."""

    __tablename__ = "lti_resource_link"
    __table_args__ = (
        UniqueConstraint("context_id", "resource_link_id"),
        CheckConstraint("quiz_id IS NULL OR lesson_id IS NULL", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("lti_context.id"))
    resource_link_id: Mapped[str] = mapped_column(String(LMS_ID))
    title: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[str] = mapped_column(String(200), default="")
    quiz_id: Mapped[int | None] = mapped_column(ForeignKey("quiz.id"), index=True)
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id"))
    # Assignment and Grade Services, set only when the LMS lets us post scores: the line item
    # for this link, or (when it gave none but lets us make one) the container to make it in.
    lineitem_url: Mapped[str | None] = mapped_column(String(URL))
    lineitems_url: Mapped[str | None] = mapped_column(String(URL))
    # Held while one sender asks the LMS to create the missing line item (never two columns).
    lineitem_claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LtiGradeOutbox(Model):
    """The grade of one student for one LMS link, waiting to be sent or sent.

    Every change of the grade bumps `version` in the transaction that changed it; a sender
    claims due rows (a lease: `claimed_by` / `claimed_until`), posts the score, and records
    `sent_version`. A row is sent when sent_version == version, so each change is posted once,
    however many app servers drain the outbox."""

    __tablename__ = "lti_grade_outbox"
    __table_args__ = (
        UniqueConstraint("link_id", "user_id"),
        CheckConstraint("state IN (" + ", ".join(f"'{s}'" for s in OUTBOX_STATES) + ")",
                        name="state"),
        CheckConstraint("sent_version <= version", name="versions"),
        CheckConstraint("score_given >= 0 AND score_given <= score_maximum", name="score"),
        Index("ix_lti_grade_outbox_due", "state", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("lti_resource_link.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    score_given: Mapped[float]
    score_maximum: Mapped[float]
    # When the grade last changed: the score's AGS timestamp (an LMS ignores older ones).
    graded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    sent_version: Mapped[int] = mapped_column(default=0)
    state: Mapped[str] = mapped_column(String(16), default="waiting")
    tries: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

