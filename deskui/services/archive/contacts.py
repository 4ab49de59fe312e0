"""Contacts with households (民情日记): a visit, a phone call, a WeChat
message or a visit to the desk, logged with date, official, mode and note.
The three must-attend events (三必到: 突发事件, 邻里纠纷, 婚丧嫁娶) are
contacts with an ``event_kind``."""

from __future__ import annotations

import datetime as dt

from deskui.domain.dates import parse_date
from deskui.domain.errors import NotFound, RuleViolation, ValidationError
from deskui.domain.household_rules import clean_long
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services import audit
from deskui.services.archive.household_view import ContactView, _household
from deskui.services.context import ServiceContext
from deskui.store.models import Contact, Official

MODES = ("登门", "电话", "微信", "来访")
EVENT_KINDS = ("突发事件", "邻里纠纷", "婚丧嫁娶")
LIST_LIMIT = 200


def _official(official_id: int) -> Official:
    o = Official.get_or_none(Official.id == official_id)
    if o is None:
        raise NotFound(t("archive.official_not_found", id=official_id), field="official")
    return o


def clean_contact(
    ctx: ServiceContext, date: dt.date | str, mode: str, event_kind: str, note: str
) -> tuple[dt.date, str, str, str]:
    """Check a contact's fields; raise ValidationError naming the field."""
    day = (
        date if isinstance(date, dt.date) else parse_date(date, field="date", label=t("field.date"))
    )
    if day > ctx.today():
        raise ValidationError(t("archive.contact_future", date=day.isoformat()), field="date")
    mode = (mode or "").strip()
    if mode not in MODES:
        raise ValidationError(t("archive.mode_bad", known="、".join(MODES)), field="mode")
    kind = (event_kind or "").strip()
    if kind and kind not in EVENT_KINDS:
        raise ValidationError(
            t("archive.event_bad", known="、".join(EVENT_KINDS)), field="event_kind"
        )
    text = clean_long(note, "note", "archive.field.contact_note")
    return day, mode, kind, text


def log_contact(
    ctx: ServiceContext,
    household_id: int,
    official_id: int,
    date: dt.date | str,
    mode: str,
    event_kind: str = "",
    note: str = "",
    follow_up: bool = False,
) -> ContactView:
    """Log one contact (audited). ``follow_up`` marks that something must
    be done next (the desk then offers a matter card)."""
    ctx.require(Perm.LOG_CONTACT)
    day, mode, kind, text = clean_contact(ctx, date, mode, event_kind, note)

    def work() -> tuple[Contact, str]:
        h = _household(household_id)
        o = _official(official_id)
        if o.archived:
            raise RuleViolation(t("archive.no_liaison_official", official=o.name), field="official")
        c = audit.create(
            ctx,
            Contact,
            household=h.id,
            official=o.id,
            date=day,
            mode=mode,
            event_kind=kind,
            note=text,
            follow_up=bool(follow_up),
            created_at=ctx.now(),
        )
        return c, o.name

    c, name = ctx.write(work)
    return ContactView(c.id, c.date, name, c.mode, c.event_kind, c.note, c.follow_up)


def list_contacts(
    ctx: ServiceContext, household_id: int, *, limit: int = LIST_LIMIT
) -> list[ContactView]:
    """The contact log of one household, newest first."""
    ctx.require(Perm.VIEW_ARCHIVE)
    _household(household_id)
    q = (
        Contact.select(Contact, Official.name)
        .join(Official)
        .where(Contact.household == household_id)
        .order_by(Contact.date.desc(), Contact.id.desc())
        .limit(limit)
    )
    return [
        ContactView(c.id, c.date, c.official.name, c.mode, c.event_kind, c.note, c.follow_up)
        for c in q
    ]
