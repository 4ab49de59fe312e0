"""Log a contact with a household in a few keys: the official, today's date
and 登门 are filled in, so C, type the note, Ctrl+S is enough. A contact
marked for follow-up opens a matter card (代办事项受理卡) prefilled with the
household and the note."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from deskui.i18n import t
from deskui.services.archive.contacts import EVENT_KINDS, MODES, log_contact
from deskui.tui.dialogs.field_form import FieldFormDialog, FieldSpec
from deskui.tui.worker import ServiceDone

if TYPE_CHECKING:
    from deskui.services.archive.household_view import HouseholdDetail
    from deskui.tui.app import DeskApp

K = "archive.tui."


def default_official(
    app: DeskApp, detail: HouseholdDetail, officials: list[tuple[int, str]]
) -> int | None:
    ids = [oid for oid, _ in officials]
    own = app.ctx.actor.official_id
    for choice in (own, detail.liaison_id):
        if choice in ids:
            return choice
    return ids[0] if ids else None


class ContactLogDialog(FieldFormDialog):
    def __init__(
        self, detail: HouseholdDetail, officials: list[tuple[int, str]], *, today: str = ""
    ) -> None:
        self.detail = detail
        self.officials = officials
        self._today = today
        hid = detail.id
        super().__init__(
            t(K + "contact_title", village=detail.village, head=detail.head_name),
            [],
            lambda ctx, v: log_contact(
                ctx, hid, v["official"] or 0, v["date"], v["mode"] or "",
                v["event_kind"] or "", v["note"], bool(v["follow_up"]),
            ),
        )  # fmt: skip

    first_focus = "note"

    def compose(self):  # type: ignore[no-untyped-def]
        app = cast("DeskApp", self.app)
        self.fields = [
            FieldSpec(
                "official", t("field.official"),
                default_official(app, self.detail, self.officials),
                choices=tuple((name, oid) for oid, name in self.officials),
            ),
            FieldSpec("date", t("field.date"), self._today or app.ctx.today().isoformat()),
            FieldSpec("mode", t("archive.field.mode"), MODES[0], choices=tuple((m, m) for m in MODES)),
            FieldSpec(
                "event_kind", t("archive.field.event_kind"), "",
                choices=((t(K + "no_event"), ""), *((k, k) for k in EVENT_KINDS)),
            ),
            FieldSpec("note", t("archive.field.contact_note"), ""),
            FieldSpec("follow_up", t(K + "follow_up"), False, check=True),
        ]  # fmt: skip
        yield from super().compose()

    def finished(self, message: ServiceDone) -> None:
        if message.error is None and message.result is not None and message.result.follow_up:
            from deskui.tui.dialogs.matter_form import MatterFormDialog

            d = self.detail
            head = d.head
            prefill: dict[str, Any] = {
                "name": d.head_name,
                "phone": head.phone if head and d.full_id else "",
                "village": d.village,
                "group_no": d.group_no,
                "content": message.result.note,
                "household_id": d.id,
                "resident_id": head.id if head else None,
                "origin": "入户走访",
            }
            self.app.push_screen(MatterFormDialog(prefill))
        super().finished(message)
