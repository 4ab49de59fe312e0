"""The administrator's town settings (F10): the town's own lists.

Five sections in tabs, each a table and its keys: 干部 (add, edit, leave on a
date), 村 (add, rename, merge), 承办单位 and 问题类别 (add, remove) and the
town's phones. Every change is a small :class:`FieldFormDialog` calling the
service in a worker: a refusal stays next to its field with what was typed,
and the lists are read again once it is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static, TabbedContent, TabPane

from deskui.domain.dates import parse_date
from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.roles import Role
from deskui.i18n import t
from deskui.services.town import auth, town_lists, villages
from deskui.services.town import officials as off
from deskui.services.town.towns import TownInfo, town_info
from deskui.tui.dialogs.field_form import FieldFormDialog, FieldSpec
from deskui.tui.worker import ServiceDone, run_service

if TYPE_CHECKING:
    from deskui.services.context import ServiceContext
    from deskui.services.import_summary import ImportSummary

SECTIONS = ("officials", "villages", "depts", "categories", "phones", "operators")
# which keys each section offers (the others are greyed out)
SECTION_ACTIONS: dict[str, set[str]] = {
    "officials": {"add", "edit", "leave", "import_roll"},
    "villages": {"add", "edit", "merge"},
    "depts": {"add", "remove"},
    "categories": {"add", "remove"},
    "phones": {"edit"},
    "operators": {"add", "remove"},
}


@dataclass(frozen=True)
class TownLists:
    officials: list[off.OfficialRow]
    villages: list[villages.VillageInfo]
    depts: list[town_lists.DepartmentRow]
    categories: list[town_lists.CategoryRow]
    town: TownInfo | None  # None before the town is set up
    operators: list[auth.OperatorRow]


def read_lists(ctx: ServiceContext) -> TownLists:
    return TownLists(
        off.list_officials(ctx, include_left=True),
        villages.list_villages(ctx),
        town_lists.list_departments(ctx),
        town_lists.list_categories(ctx),
        town_info(ctx),
        auth.list_operators(ctx, active_only=False),
    )


def _field(fn: Callable[[], Any], renames: dict[str, str]) -> Any:
    """Run ``fn``; a refusal naming a service field the form calls otherwise
    is shown under the form's field."""
    try:
        return fn()
    except DomainError as exc:
        if exc.field in renames:
            exc.field = renames[exc.field]
        raise


def _count(text: str, *, field: str) -> int:
    value = str(text).strip()
    if not value.isdigit():
        raise ValidationError(t("tset.bad_number", text=value), field=field)
    return int(value)


def parse_handlers(text: str) -> dict[str, str]:
    """``XH2026-0003=刘建华；XH2026-0007=王芳`` (any of ；;，, or a new line
    between them): matter number → the official who takes it over."""
    out: dict[str, str] = {}
    for part in re.split(r"[；;，,\n]+", text):
        if not part.strip():
            continue
        number, sep, who = part.replace("＝", "=").partition("=")
        if not sep or not number.strip() or not who.strip():
            raise ValidationError(t("tset.bad_handler", text=part.strip()), field="handlers")
        out[number.strip()] = who.strip()
    return out


def _confirmed(values: dict[str, Any]) -> None:
    if not values.get("confirm"):
        raise ValidationError(t("tset.confirm_first"), field="confirm")


def import_roll(ctx: ServiceContext, values: dict[str, Any]) -> ImportSummary:
    from deskui.exports.import_rejects import rejects_path, write_refusals
    from deskui.services.town.official_roll import import_officials

    text = str(values.get("path") or "").strip().strip('"')
    if not text:
        raise ValidationError(t("tset.roll_missing"), field="path")
    source = Path(text).expanduser()
    if not source.is_file():
        raise ValidationError(t("tset.roll_not_found", path=text), field="path")
    summary = _field(
        lambda: import_officials(ctx, source, dry_run=bool(values.get("dry_run"))),
        {"file": "path", "source": "path"},
    )
    if summary.refused:
        write_refusals(source, summary)
    elif rejects_path(source).exists():
        rejects_path(source).unlink()
    return cast("ImportSummary", summary)


def roll_note(summary: ImportSummary) -> str:
    key = "townimp.dry_run" if summary.dry_run else "townimp.done"
    lines = [
        t(key, new=summary.new, changed=summary.changed, unchanged=summary.unchanged,
          refused=len(summary.refused))
    ]  # fmt: skip
    lines += [t("townimp.warning", text=w) for w in summary.warnings[:3]]
    for r in summary.refused[:3]:
        lines.append(
            t("townimp.refusal", sheet=r.sheet, row=r.row, column=r.column or "—",
              value=r.value, reason=r.reason)
        )  # fmt: skip
    return "\n".join(lines)


class TownSettingsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", t("tset.key.add"), id="tset.add"),
        Binding("e", "edit", t("tset.key.edit"), id="tset.edit"),
        Binding("l", "leave", t("tset.key.leave"), id="tset.leave"),
        Binding("i", "import_roll", t("tset.key.import"), id="tset.import"),
        Binding("m", "merge", t("tset.key.merge"), id="tset.merge"),
        Binding("x", "remove", t("tset.key.remove"), id="tset.remove"),
        Binding("w", "guide", t("setup.key.guide"), id="tset.guide"),
        Binding("left", "section(-1)", t("tset.key.prev"), id="tset.prev", priority=True),
        Binding("right", "section(1)", t("tset.key.next"), id="tset.next", priority=True),
        Binding("escape", "close", t("tset.key.close"), id="tset.close"),
    ]

    @dataclass
    class Loaded(ServiceDone):
        """The town's lists (``result``, TownLists)."""

    def __init__(self) -> None:
        super().__init__(classes="archive-modal")
        self.lists: TownLists | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="tset-box"):
            yield Label(t("tset.title"), classes="modal-title")
            with TabbedContent(id="tset-tabs"):
                for section in SECTIONS:
                    with TabPane(t(f"tset.section.{section}"), id=f"tset-{section}"):
                        if section == "phones":
                            yield Static("", id="tset-phones-text")
                        else:
                            table: DataTable[str] = DataTable(
                                id=f"tset-table-{section}", cursor_type="row", zebra_stripes=True
                            )
                            yield table
            yield Static("", id="tset-note", classes="modal-note")
            yield Static(t("tset.keys"), classes="modal-note")

    def on_mount(self) -> None:
        columns = {
            "officials": ("name", "post", "unit", "phone", "kind", "serves", "in_post"),
            "villages": ("name", "groups", "remote", "aliases", "households"),
            "depts": ("name", "phone"),
            "categories": ("name", "matters"),
            "operators": ("username", "display_name", "role", "official", "active"),
        }
        for section, cols in columns.items():
            table = self.table(section)
            for col in cols:
                table.add_column(t(f"tset.col.{col}"), key=col)
        self.load()

    def table(self, section: str) -> DataTable[str]:
        return self.query_one(f"#tset-table-{section}", DataTable)

    @property
    def section(self) -> str:
        active = self.query_one("#tset-tabs", TabbedContent).active
        return active.removeprefix("tset-") or SECTIONS[0]

    def load(self) -> None:
        run_service(self, read_lists, group="tset-load", done=self.Loaded)

    def on_town_settings_screen_loaded(self, message: TownSettingsScreen.Loaded) -> None:
        message.stop()
        if message.error is not None:
            self.note(message.error_text)
            return
        lists: TownLists = message.result
        self.lists = lists
        yes, no = t("tset.yes"), t("tset.no")
        self._fill(
            "officials",
            [
                (
                    o.label,
                    o.post,
                    o.unit,
                    o.phone,
                    o.kind,
                    yes if o.serves_villages else no,
                    yes if o.in_post else t("tset.left_on", on=o.left_on or ""),
                )
                for o in lists.officials
            ],
        )
        self._fill(
            "villages",
            [
                (
                    v.name,
                    str(v.group_count),
                    yes if v.remote else no,
                    "、".join(v.aliases),
                    str(v.households),
                )
                for v in lists.villages
            ],
        )
        self._fill("depts", [(d.name, d.phone) for d in lists.depts])
        self._fill("categories", [(c.name, str(c.matters)) for c in lists.categories])
        self._fill(
            "operators",
            [
                (o.username, o.display_name, o.role.value, o.official_name or "",
                 t("tset.active") if o.active else t("tset.disabled"))
                for o in lists.operators
            ],
        )  # fmt: skip
        town = lists.town
        self.query_one("#tset-phones-text", Static).update(
            t(
                "tset.phones_text",
                service=(town.service_phone if town else "") or "—",
                supervision=(town.supervision_phone if town else "") or "—",
            )
        )

    def _fill(self, section: str, rows: list[tuple[str, ...]]) -> None:
        table = self.table(section)
        row = table.cursor_row
        table.clear()
        for values in rows:
            table.add_row(*values)
        if rows:
            table.move_cursor(row=min(max(row, 0), len(rows) - 1))

    def note(self, text: str) -> None:
        self.query_one("#tset-note", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "leave", "import_roll", "merge", "remove"):
            return action in SECTION_ACTIONS.get(self.section, set())
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()  # the desk's own tabs listen for this too
        self.refresh_bindings()
        tables = event.pane.query(DataTable)
        if tables:
            tables.first().focus()

    def _chosen(self, section: str) -> int | None:
        """The highlighted row's index in that list, or None (empty list)."""
        table = self.table(section)
        return table.cursor_row if table.row_count else None

    def _form(
        self, title: str, fields: list[FieldSpec], submit: Any, done: str | Callable[[Any], str]
    ) -> None:
        def after(result: object) -> None:
            if result is not None:
                self.note(done if isinstance(done, str) else done(result))
                self.load()

        self.app.push_screen(FieldFormDialog(title, fields, submit), after)

    # ------------------------------------------------------------- actions

    def action_add(self) -> None:
        section = self.section
        if section == "officials":
            self._official_form(None)
        elif section == "villages":
            fields = [
                FieldSpec("name", t("tset.f.village")),
                FieldSpec("group_count", t("tset.f.groups"), "1"),
                FieldSpec("remote", t("tset.f.remote"), False, check=True),
            ]

            def add_village(ctx: ServiceContext, v: dict[str, Any]) -> Any:
                groups = _count(v["group_count"], field="group_count")
                return _field(
                    lambda: villages.add_village(ctx, v["name"], groups, remote=bool(v["remote"])),
                    {"village": "name"},
                )

            self._form(t("tset.add_village"), fields, add_village, t("tset.saved"))
        elif section == "depts":
            fields = [FieldSpec("name", t("tset.f.dept")), FieldSpec("phone", t("tset.f.phone"))]
            self._form(
                t("tset.add_dept"),
                fields,
                lambda ctx, v: town_lists.add_department(ctx, v["name"], phone=v["phone"]),
                t("tset.saved"),
            )
        elif section == "operators" and self.lists is not None:
            self._operator_form(self.lists)
        elif section == "categories":
            fields = [FieldSpec("name", t("tset.f.category"))]
            self._form(
                t("tset.add_category"),
                fields,
                lambda ctx, v: town_lists.add_category(ctx, v["name"]),
                t("tset.saved"),
            )

    def _operator_form(self, lists: TownLists) -> None:
        """An operator who signs in at the desk, tied to an official (a
        驻村干部 sees their own duties) or not (a clerk)."""
        roles = tuple((r.value, r.value) for r in Role)
        people = tuple((o.label, o.label) for o in lists.officials if o.in_post)
        fields = [
            FieldSpec("username", t("tset.f.username")),
            FieldSpec("display_name", t("tset.f.display_name")),
            FieldSpec("role", t("tset.f.role"), Role.OFFICIAL.value, choices=roles),
            FieldSpec("official", t("tset.f.official"), choices=people),
            FieldSpec("password", t("tset.f.password"), secret=True),
            FieldSpec("confirm", t("tset.f.password_again"), secret=True),
        ]

        def add(ctx: ServiceContext, v: dict[str, Any]) -> Any:
            if v["password"] != v["confirm"]:
                raise ValidationError(t("tset.password_mismatch"), field="confirm")
            return auth.add_operator(
                ctx, v["username"], v["display_name"], v["role"] or "", v["password"],
                official=v["official"] or None,
            )  # fmt: skip

        self._form(t("tset.add_operator"), fields, add, t("tset.saved"))

    def _official_form(self, row: off.OfficialRow | None) -> None:
        fields = [
            FieldSpec("name", t("tset.f.name"), row.name if row else ""),
            FieldSpec("post", t("tset.f.post"), row.post if row else ""),
            FieldSpec("unit", t("tset.f.unit"), row.unit if row else ""),
            FieldSpec("phone", t("tset.f.phone"), row.phone if row else ""),
            FieldSpec(
                "serves_villages",
                t("tset.f.serves"),
                row.serves_villages if row else True,
                check=True,
            ),
            FieldSpec("is_leader", t("tset.f.leader"), row.is_leader if row else False, check=True),
            FieldSpec(
                "kind",
                t("tset.f.kind"),
                row.kind if row else off.KINDS[0],
                hint=t("tset.kind_hint"),
                choices=tuple((k, k) for k in off.KINDS),
            ),
            FieldSpec("duties", t("tset.f.duties"), row.duties if row else ""),
        ]
        if row is None:
            self._form(
                t("tset.add_official"),
                fields,
                lambda ctx, v: off.add_official(ctx, **v),
                t("tset.saved"),
            )
        else:
            oid = row.id
            self._form(
                t("tset.edit_official", name=row.label),
                fields,
                lambda ctx, v: off.edit_official(ctx, oid, **v),
                t("tset.saved"),
            )

    def action_edit(self) -> None:
        section, lists = self.section, self.lists
        if lists is None:
            return
        index = self._chosen(section) if section != "phones" else None
        if section == "officials" and index is not None:
            self._official_form(lists.officials[index])
        elif section == "villages" and index is not None:
            v = lists.villages[index]
            fields = [
                FieldSpec("name", t("tset.f.village"), v.name),
                FieldSpec("group_count", t("tset.f.groups"), str(v.group_count)),
                FieldSpec("remote", t("tset.f.remote"), v.remote, check=True),
            ]
            old = v

            def edit_village(ctx: ServiceContext, values: dict[str, Any]) -> Any:
                groups = _count(values["group_count"], field="group_count")
                name = str(values["name"]).strip()
                result: Any = old
                if name != old.name:
                    result = _field(
                        lambda: villages.rename_village(ctx, old.name, name), {"village": "name"}
                    )
                if groups != old.group_count:
                    result = villages.set_group_count(ctx, name, groups)
                if bool(values["remote"]) != old.remote:
                    result = villages.set_remote(ctx, name, bool(values["remote"]))
                return result

            self._form(t("tset.edit_village", name=v.name), fields, edit_village, t("tset.saved"))
        elif section == "phones" and lists.town is not None:
            town = lists.town
            fields = [
                FieldSpec("service", t("tset.f.service_phone"), town.service_phone),
                FieldSpec("supervision", t("tset.f.supervision_phone"), town.supervision_phone),
            ]
            self._form(
                t("tset.edit_phones"),
                fields,
                lambda ctx, v: town_lists.set_phones(
                    ctx, service=v["service"], supervision=v["supervision"]
                ),
                t("tset.saved"),
            )

    @dataclass
    class OpenMatters(ServiceDone):
        """The open matters of the official about to leave (``result``)."""

        official: off.OfficialRow | None = None

    def action_leave(self) -> None:
        """Leaving: the official's open matters are read first and listed in
        the form, which takes a handler for each or keeps them as they are."""
        index = self._chosen("officials")
        if self.lists is None or index is None:
            return
        row = self.lists.officials[index]
        if not row.in_post:
            self.note(t("official.already_left", name=row.label, on=row.left_on or ""))
            return
        oid = row.id
        run_service(
            self,
            lambda ctx: off.open_matters_of(ctx, oid),
            group="tset-open",
            done=lambda result, error: self.OpenMatters(result, error, row),
        )

    def on_town_settings_screen_open_matters(self, message: TownSettingsScreen.OpenMatters) -> None:
        message.stop()
        row = message.official
        if message.error is not None or row is None:
            self.note(message.error_text)
            return
        matters: list[off.OpenMatter] = message.result
        today = self.app.ctx.today()  # type: ignore[attr-defined]
        fields = [FieldSpec("on", t("tset.f.left_on"), today.isoformat())]
        if matters:
            listing = "\n".join(
                t("tset.open_matter", number=m.number, applicant=m.applicant,
                  content=m.content[:20], due=m.due_on or "—")
                for m in matters[:8]
            )  # fmt: skip
            fields.append(
                FieldSpec(
                    "handlers",
                    t("tset.f.handlers", n=len(matters)),
                    hint=t("tset.handlers_hint", matters=listing),
                )
            )
            fields.append(
                FieldSpec("keep_open", t("tset.f.keep_open"), False, check=True,
                          hint=t("tset.keep_open_hint"))
            )  # fmt: skip
        oid = row.id

        def leave(ctx: ServiceContext, v: dict[str, Any]) -> Any:
            on = parse_date(v["on"], field="on", label=t("tset.f.left_on"))
            handlers = parse_handlers(str(v.get("handlers") or ""))
            return _field(
                lambda: off.leave_official(
                    ctx, oid, on, handlers=handlers, keep_open=bool(v.get("keep_open"))
                ),
                {"handler": "handlers", "official": "handlers"},
            )

        self._form(t("tset.leave", name=row.label), fields, leave, t("tset.left", name=row.label))

    def action_import_roll(self) -> None:
        """A 干部名册 workbook (姓名, 职务, 单位, 电话, 包联村): a dry run first
        (ticked), then the import; refused rows go to a rejects workbook
        beside the file."""
        fields = [
            FieldSpec("path", t("tset.f.roll_path"), hint=t("tset.roll_hint")),
            FieldSpec("dry_run", t("tset.f.dry_run"), True, check=True),
        ]
        self._form(t("tset.import_roll"), fields, import_roll, roll_note)

    def action_merge(self) -> None:
        index = self._chosen("villages")
        if self.lists is None or index is None:
            return
        v = self.lists.villages[index]
        others = tuple((o.name, o.name) for o in self.lists.villages if o.id != v.id)
        fields = [
            FieldSpec("into", t("tset.f.into"), choices=others),
            FieldSpec("confirm", t("tset.f.confirm_merge", name=v.name), False, check=True),
        ]
        source = v.name

        def merge(ctx: ServiceContext, values: dict[str, Any]) -> Any:
            if not values.get("into"):
                raise ValidationError(t("tset.pick_into"), field="into")
            _confirmed(values)
            return villages.merge_villages(ctx, source, values["into"])

        self._form(t("tset.merge", name=v.name), fields, merge, t("tset.merged", name=v.name))

    def action_remove(self) -> None:
        section, lists = self.section, self.lists
        index = self._chosen(section) if section in ("depts", "categories", "operators") else None
        if lists is None or index is None:
            return
        if section == "operators":
            op = lists.operators[index]
            confirm = FieldSpec(
                "confirm", t("tset.f.confirm_disable", name=op.display_name), False, check=True
            )

            def disable(ctx: ServiceContext, values: dict[str, Any]) -> Any:
                _confirmed(values)
                return auth.disable_operator(ctx, op.username)

            self._form(
                t("tset.disable", name=op.display_name),
                [confirm],
                disable,
                t("tset.disabled_done", name=op.display_name),
            )
            return
        name = lists.depts[index].name if section == "depts" else lists.categories[index].name
        remove = town_lists.remove_department if section == "depts" else town_lists.remove_category
        fields = [FieldSpec("confirm", t("tset.f.confirm_remove", name=name), False, check=True)]

        def submit(ctx: ServiceContext, values: dict[str, Any]) -> Any:
            _confirmed(values)
            remove(ctx, name)
            return name

        self._form(t("tset.remove", name=name), fields, submit, t("tset.removed", name=name))

    def action_section(self, step: int) -> None:
        tabs = self.query_one("#tset-tabs", TabbedContent)
        at = SECTIONS.index(self.section)
        tabs.active = f"tset-{SECTIONS[(at + step) % len(SECTIONS)]}"

    def action_guide(self) -> None:
        """The first-run setup guide, taken up where it was left."""
        from deskui.tui.dialogs.setup.guide import SetupGuide

        self.app.push_screen(SetupGuide(), lambda _r: self.load())

    def action_close(self) -> None:
        self.dismiss(None)
