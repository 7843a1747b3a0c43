"""LMS links (resource links): what each opens and which gradebook column (AGS line item) its
grade goes to, recorded from the launches that use it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update

from ...database import write_transaction
from ...extensions import db
from ...lti.claims import Launch
from ...models import LtiResourceLink
from .catalog import Target

LINEITEM_LEASE = timedelta(minutes=1)


def link_for(course_id: int, launch: Launch, target: Target | None
             ) -> tuple[LtiResourceLink, bool]:
    """The course's link this launch used, made or brought up to date in the caller's write
    transaction. Returns (link, grades should be (re)recorded): a new link, a new target, or a
    gradebook column the LMS has just given us."""
    assert launch.resource_link_id is not None
    ags = launch.ags
    lineitem = ags.lineitem if ags is not None and ags.can_score else None
    lineitems = ags.lineitems if ags is not None and ags.can_score \
        and ags.can_create_lineitem else None
    link = db.session.scalar(select(LtiResourceLink).where(
        LtiResourceLink.context_id == course_id,
        LtiResourceLink.resource_link_id == launch.resource_link_id))
    if link is None:
        link = LtiResourceLink(context_id=course_id, resource_link_id=launch.resource_link_id)
        db.session.add(link)
    wanted: dict[str, Any] = {"title": launch.resource_title or (target.title if target else "")}
    if target is not None:
        wanted.update(target=target.code, quiz_id=target.quiz_id, lesson_id=target.lesson_id)
    if lineitem:
        wanted["lineitem_url"] = lineitem
    if lineitems:
        wanted["lineitems_url"] = lineitems
    changed = {key for key, value in wanted.items() if getattr(link, key) != value}
    for key in changed:
        setattr(link, key, wanted[key])
    db.session.flush()
    return link, bool(changed & {"quiz_id", "lineitem_url", "lineitems_url"})


def claim_lineitem(link_id: int, now: datetime) -> bool:
    """Take the right to ask the LMS for the link's missing line item (one sender at a time)."""
    with write_transaction():
        result = cast(CursorResult[Any], db.session.execute(
            update(LtiResourceLink).where(
                LtiResourceLink.id == link_id, LtiResourceLink.lineitem_url.is_(None),
                or_(LtiResourceLink.lineitem_claimed_until.is_(None),
                    LtiResourceLink.lineitem_claimed_until < now))
            .values(lineitem_claimed_until=now + LINEITEM_LEASE)))
        return result.rowcount == 1


def release_lineitem(link_id: int, lineitem_url: str | None) -> None:
    """Store the line item the LMS gave (if any) and let go of the claim."""
    with write_transaction():
        link = db.session.get_one(LtiResourceLink, link_id)
        if lineitem_url:
            link.lineitem_url = lineitem_url[:1000]
        link.lineitem_claimed_until = None


def lineitem_of(link_id: int) -> str | None:
    return db.session.scalar(select(LtiResourceLink.lineitem_url).where(
        LtiResourceLink.id == link_id))
