"""One household's file on screen (一户一档): the summary, the members, the
latest contacts, visits and matters; every field editable from the keys
(E household, A add member, M edit member, X archive member, H make head,
C log a contact)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from deskui.domain.household_rules import RELATIONS
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.archive import household as hh
from deskui.services.archive.liaison import liaison_officials
from deskui.tui.dialogs.contact_log import ContactLogDialog
from deskui.tui.dialogs.field_form import FieldFormDialog, FieldSpec
from deskui.tui.format import group
from deskui.tui.refusal import denied
from deskui.tui.widgets.field_error import FieldError
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.archive.household_view import HouseholdDetail, MemberView
    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

K = "archive.tui."
MEMBER_COLUMNS = ("name", "relation", "sex", "age", "id_number", "phone", "work", "health")


def _load(household_id: int):  # type: ignore[no-untyped-def]
    def fn(ctx: ServiceContext) -> tuple[HouseholdDetail, list[tuple[int, str]]]:
        return hh.get_household(ctx, household_id), liaison_officials(ctx)

    return fn


def member_fields(m: MemberView | None) -> list[FieldSpec]:
    return [
        FieldSpec("name", t("field.name"), m.name if m else ""),
        FieldSpec(
            "relation",
            t("archive.field.relation"),
            m.relation if m else "",
            hint=t(K + "relation_hint", known="、".join(RELATIONS[1:14])),
        ),
        FieldSpec("id_number", t("field.id_number"), m.id_number if m else "", t(K + "id_hint")),
        FieldSpec("phone", t("field.phone"), m.phone if m else ""),
        FieldSpec("occupation", t("archive.field.occupation"), m.occupation if m else ""),
        FieldSpec(
            "working_away", t(K + "working_away"), m.working_away if m else False, check=True
        ),
        FieldSpec("health", t("archive.field.health"), m.health if m else ""),
        FieldSpec("school", t("archive.field.school"), m.school if m else ""),
        FieldSpec("income", t("archive.field.member_income"), m.income if m else ""),
        FieldSpec("note", t("field.note"), m.note if m else ""),
    ]


SHOWN = 5  # the newest contacts, matters and visits the file shows


def _title(key: str, total: int) -> str:
    """A capped history's title says how much there is:
    最近联系（共 12 条，显示最近 5 条）："""
    title = t(K + key)
    if total <= SHOWN:
        return title
    return title.rstrip("：") + t(K + "history_more", n=total, shown=SHOWN) + "："


class HouseholdDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", t(K + "key.edit"), id="household.edit"),
        Binding("a", "add_member", t(K + "key.add_member"), id="household.add_member"),
        Binding("m", "edit_member", t(K + "key.edit_member"), id="household.edit_member"),
        Binding("x", "archive_member", t(K + "key.archive_member"), id="household.archive"),
        Binding("h", "make_head", t(K + "key.make_head"), id="household.make_head"),
        Binding("c", "contact", t(K + "key.contact"), id="household.contact"),
        Binding("escape", "close", t(K + "key.close"), id="household.close"),
    ]

    def __init__(self, household_id: int) -> None:
        super().__init__(classes="archive-modal")
        self.household_id = household_id
        self.detail: HouseholdDetail | None = None
        self.officials: list[tuple[int, str]] = []
        self.loading = True

    @property
    def desk(self) -> DeskApp:
        return cast("DeskApp", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="household-box", classes="modal-box"):
            yield Label("", id="hh-title", classes="modal-title")
            yield Static("", id="hh-summary")
            table: DataTable[str] = DataTable(
                id="hh-members", cursor_type="row", zebra_stripes=True
            )
            for key in MEMBER_COLUMNS:
                table.add_column(t(K + f"col.{key}"), key=key)
            yield table
            yield FieldError("form")
            yield Static("", id="hh-history")
            yield Static(t(K + "household_keys"), classes="modal-note")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#hh-members").focus()

    def holds_keys(self, key: events.Key) -> bool:
        """Type-ahead: a key for the household (A, E, M…) typed while its
        file is being read waits for it."""
        return self.loading and key.key != "escape"

    def reload(self) -> None:
        self.loading = True
        run_service(self, _load(self.household_id), group="service")

    def on_service_done(self, message: ServiceDone) -> None:
        message.stop()
        self.loading = False
        self.query_one("#err-form", FieldError).show(message.error_text)
        if message.error is not None:
            return
        if isinstance(message.result, tuple):
            self.detail, self.officials = message.result
            self.show(self.detail)
            self.refresh_bindings()
        else:
            self.reload()

    def show(self, d: HouseholdDetail) -> None:
        self.query_one("#hh-title", Label).update(
            t(
                K + "title",
                village=d.village,
                group=group(d.group_no),
                code=d.code,
                head=d.head_name,
            )
        )
        income = t("common.dash") if d.income is None else t("archive.export.yuan", n=d.income)
        self.query_one("#hh-summary", Static).update(
            t(
                K + "summary",
                size=d.size,
                economy=d.economy or t("common.dash"),
                income=income,
                tags="、".join(d.tags) or t("common.none"),
                liaison=d.liaison or t("common.none"),
                address=d.address or t("common.dash"),
                problems=d.problems or t("common.none"),
                demands=d.demands or t("common.none"),
            )
        )
        table = self.query_one("#hh-members", DataTable)
        row = table.cursor_row
        table.clear()
        for m in d.members:
            work = m.occupation + (t(K + "away") if m.working_away else "")
            name = m.name + (t(K + "archived") if m.archived else "")
            age = "" if m.age is None else str(m.age)
            cells = (name, m.relation, m.sex, age, m.id_number, m.phone, work, m.health)
            table.add_row(*cells, key=str(m.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        lines = [_title("contacts_title", d.contact_count)]
        lines += [
            t(K + "contact_line", date=c.date.isoformat(), official=c.official, mode=c.mode,
              kind=c.event_kind, note=c.note[:40])
            for c in d.contacts[:SHOWN]
        ] or [t(K + "no_contacts")]  # fmt: skip
        if d.matters:
            lines.append(_title("matters_title", d.matter_count))
            lines += [f"  {m.number} {m.state} {m.content[:30]}" for m in d.matters[:SHOWN]]
        if d.visits:
            lines.append(_title("visits_title", d.visit_count))
            lines += [
                f"  {v.date.isoformat()} {v.reason[:30]} {v.outcome}" for v in d.visits[:SHOWN]
            ]
        self.query_one("#hh-history", Static).update("\n".join(lines))

    # ------------------------------------------------------------- actions

    # What the role may not do is not offered (the key bar, F1, Ctrl+P).
    ROLE_ACTIONS: ClassVar[dict[str, Perm]] = {
        "edit": Perm.EDIT_ARCHIVE,
        "add_member": Perm.EDIT_ARCHIVE,
        "edit_member": Perm.EDIT_ARCHIVE,
        "archive_member": Perm.EDIT_ARCHIVE,
        "make_head": Perm.EDIT_ARCHIVE,
        "contact": Perm.LOG_CONTACT,
    }
    MEMBER_ACTIONS = frozenset({"edit_member", "archive_member", "make_head"})

    def _why_not_now(self, action: str) -> str | None:
        """Why a key cannot act on the household as it is (None: it can)."""
        if action not in self.ROLE_ACTIONS:
            return None
        if self.detail is None:
            return t(K + "still_loading")
        if action not in self.MEMBER_ACTIONS:
            return None
        m = self._member()
        if m is None:
            return t(K + "no_member")
        if m.archived:
            return t(K + "member_gone")
        if action == "make_head" and m.relation == "户主":
            return t(K + "already_head")
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        perm = self.ROLE_ACTIONS.get(action)
        if perm is not None and not self.desk.ctx.actor.can(perm):
            return False
        return None if self.is_mounted and self._why_not_now(action) else True

    def refusal(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a key of the household does nothing now (said in the status line)."""
        perm = self.ROLE_ACTIONS.get(action)
        why = denied(self.desk.ctx.actor, perm) if perm is not None else None
        return why or self._why_not_now(action)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()  # the member keys follow the member under the cursor

    def _member(self) -> MemberView | None:
        if self.detail is None:
            return None
        table = self.query_one("#hh-members", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((m for m in self.detail.members if str(m.id) == key), None)

    def _after_form(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def action_edit(self) -> None:
        d = self.detail
        if d is None:
            return
        choices = tuple((name, oid) for oid, name in self.officials)
        fields = [
            FieldSpec("group_no", t("archive.field.group"), d.group_no or ""),
            FieldSpec("code", t("archive.field.code"), d.code),
            FieldSpec("address", t("archive.field.address"), d.address),
            FieldSpec("economy", t("archive.field.economy"), d.economy),
            FieldSpec(
                "income",
                t("archive.field.income"),
                "" if d.income is None else d.income,
                t(K + "income_hint"),
            ),
            FieldSpec("tags", t("archive.field.tags"), "、".join(d.tags), t(K + "tags_hint")),
            FieldSpec(
                "liaison_id", t("archive.field.liaison"), d.liaison_id or None, choices=choices
            ),
            FieldSpec("problems", t("archive.field.problems"), d.problems),
            FieldSpec("demands", t("archive.field.demands"), d.demands),
            FieldSpec("note", t("field.note"), d.note),
        ]
        hid = d.id
        form = FieldFormDialog(
            t(K + "edit_title", head=d.head_name), fields,
            lambda ctx, v: hh.update_household(ctx, hid, **v),
        )  # fmt: skip
        self.app.push_screen(form, self._after_form)

    def action_add_member(self) -> None:
        if self.detail is None:
            return
        hid = self.detail.id
        form = FieldFormDialog(
            t(K + "add_title"), member_fields(None), lambda ctx, v: hh.add_member(ctx, hid, v)
        )
        self.app.push_screen(form, self._after_form)

    def action_edit_member(self) -> None:
        m = self._member()
        if m is None or m.archived:
            return
        mid = m.id
        form = FieldFormDialog(
            t(K + "member_title", name=m.name), member_fields(m),
            lambda ctx, v: hh.update_member(ctx, mid, v),
        )  # fmt: skip
        self.app.push_screen(form, self._after_form)

    def action_archive_member(self) -> None:
        m = self._member()
        if m is None or m.archived:
            return
        mid = m.id
        fields = [
            FieldSpec("note", t(K + "archive_reason"), "", t(K + "archive_hint", name=m.name))
        ]
        form = FieldFormDialog(
            t(K + "archive_title", name=m.name), fields,
            lambda ctx, v: hh.archive_member(ctx, mid, v["note"]),
        )  # fmt: skip
        self.app.push_screen(form, self._after_form)

    def action_make_head(self) -> None:
        m = self._member()
        if m is None or m.archived or m.relation == "户主":
            return
        mid = m.id
        old = self.detail.head_name if self.detail else ""
        fields = [FieldSpec("relation", t(K + "old_head_relation", name=old), "其他")]
        form = FieldFormDialog(
            t(K + "head_title", name=m.name), fields,
            lambda ctx, v: hh.change_head(ctx, mid, v["relation"]),
        )  # fmt: skip
        self.app.push_screen(form, self._after_form)

    def action_contact(self) -> None:
        d = self.detail
        if d is None:
            return
        self.app.push_screen(ContactLogDialog(d, self.officials), self._after_form)

    def action_close(self) -> None:
        self.dismiss(None)
