"""Importing a town's officials' roll (干部名册): 姓名, 职务, 单位, 电话,
包联村 and, when the roll has the column, 班子成员 (是/否), from every sheet of an ``.xlsx`` or ``.csv`` file.

Tolerant like the household importer: header aliases (联系电话 / 手机 …),
title rows above the header and footer rows (填表人 / 审核人) skipped, cells
trimmed. A row matches an official already on the list by name and 单位, or
name and phone, or by name alone when only one official has it and the row
does not contradict their 单位 / phone; otherwise it is a new official (a
second 张伟 from another office is real, and the summary says so). 包联村
names the villages whose team the official sits on (as 成员; set the
组长 with ``roster team``). A new official without a 班子成员 column is one
of the 班子 when the 职务 is a leadership post (党委书记, 副镇长, 人大主席 …,
:func:`~deskui.domain.town_rules.is_leadership_post`).

Every row is checked before anything is written; a row with a bad value is
refused with its column, value and reason, the others are imported in one
transaction. The dry run reports the same counts and writes nothing. The
same file twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.phone import normalise_phone
from deskui.domain.roles import Perm
from deskui.domain.town_rules import is_leadership_post, yes_no_cell
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.import_summary import ImportSummary, SheetCount
from deskui.services.spreadsheet import sheets, text_cell
from deskui.services.town.officials import official_initials
from deskui.services.town.towns import find_village
from deskui.store.models import Official, TeamMember

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "干部姓名", "名字", "人员姓名"),
    "post": ("职务", "职位", "职务/职称", "现任职务"),
    "unit": ("单位", "单位/科室", "科室", "所在单位", "工作单位", "部门", "所在科室", "站所"),
    "phone": ("电话", "联系电话", "工作电话", "手机", "手机号", "手机号码", "办公电话"),
    "villages": ("包联村", "包村", "驻村", "联系村", "包联村组", "包联村（社区）", "驻点村"),
    "leader": ("班子成员", "是否班子成员", "领导班子", "是否班子"),
}
OPTIONAL = ("leader",)
FOOTER = re.compile(r"^(填表人|审核人|制表人|填报日期|负责人|单位负责人|备注[:：])")
SPLIT = re.compile(r"[、，,;；/\s]+")


@dataclass
class _Row:
    sheet: SheetCount
    line: int
    name: str
    post: str
    unit: str
    phone: str
    villages: tuple[int, ...]
    leader: bool | None  # the 班子成员 column, when the roll has one


def _norm(text: str) -> str:
    return "".join(text.split())


def _header(cells: tuple[str, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, text in enumerate(cells):
        name = _norm(text)
        for key, names in HEADERS.items():
            if name in names and key not in found:
                found[key] = i
    return found if "name" in found and len(found) >= 2 else None


def _read(ctx: ServiceContext, path: Path, summary: ImportSummary) -> list[_Row]:
    rows: list[_Row] = []
    seen_header = False
    for sheet in sheets(path):
        count = SheetCount(sheet.name)
        cols: dict[str, int] | None = None
        for line, raw in sheet.rows:
            cells = tuple(text_cell(v).strip() for v in raw)
            if not any(cells):
                continue
            if cols is None:
                cols = _header(cells)
                continue
            first = next(c for c in cells if c)
            if FOOTER.match(_norm(first)):
                continue

            def cell(key: str, cells: tuple[str, ...] = cells, cols: dict[str, int] = cols) -> str:
                i = cols.get(key)
                return cells[i] if i is not None and i < len(cells) else ""

            count.rows += 1
            name = _norm(cell("name"))
            if not name:
                summary.refuse(count, line, HEADERS["name"][0], "", t("townimp.empty_name"))
                continue
            if len(name) > 20 or any(c in name for c in "（()）/／"):
                summary.refuse(
                    count, line, HEADERS["name"][0], name, t("official.bad_name", name=name)
                )
                continue
            try:
                phone = normalise_phone(cell("phone"))
            except DomainError as exc:
                summary.refuse(count, line, HEADERS["phone"][0], cell("phone"), exc.message)
                continue
            villages: list[int] = []
            bad = ""
            for part in SPLIT.split(cell("villages")):
                if not part:
                    continue
                try:
                    villages.append(find_village(ctx, part).id)
                except DomainError:
                    bad = part
                    break
            if bad:
                summary.refuse(
                    count, line, HEADERS["villages"][0], bad, t("townimp.unknown_village")
                )
                continue
            leader: bool | None = None
            if "leader" in cols:
                try:
                    leader = yes_no_cell(cell("leader"), "leader")
                except DomainError as exc:
                    summary.refuse(count, line, HEADERS["leader"][0], cell("leader"), exc.message)
                    continue
            post, unit = cell("post")[:40], cell("unit")[:40]
            rows.append(
                _Row(count, line, name, post, unit, phone, tuple(dict.fromkeys(villages)), leader)
            )
        if cols is not None:
            seen_header = True
            summary.sheets.append(count)
    if not seen_header:
        raise ValidationError(
            t(
                "townimp.no_header",
                path=Path(path).name,
                needed="、".join(HEADERS[k][0] for k in HEADERS if k not in OPTIONAL),
            ),
            field="file",
        )
    return rows


def _match(row: _Row, known: list[Official]) -> Official | None:
    same = [o for o in known if o.name == row.name]
    for o in same:
        if row.unit and o.unit == row.unit:
            return o
    for o in same:
        if row.phone and o.phone == row.phone:
            return o
    if len(same) == 1:
        o = same[0]
        unit_ok = not row.unit or not o.unit or o.unit == row.unit
        phone_ok = not row.phone or not o.phone or o.phone == row.phone
        if unit_ok and phone_ok:
            return o
    return None


def import_officials(
    ctx: ServiceContext, path: Path | str, *, dry_run: bool = False
) -> ImportSummary:
    """Import (or with ``dry_run`` only check) an officials' roll."""
    ctx.require(Perm.ADMIN)
    source = Path(path).expanduser()
    summary = ImportSummary(file=source.name, dry_run=dry_run)
    rows = _read(ctx, source, summary)
    known = list(Official.select().where(Official.town == ctx.town_id).order_by(Official.id))
    firsts: dict[tuple[str, str, str], int] = {}
    plan: list[tuple[_Row, Official | None, dict[str, object]]] = []
    for row in rows:
        key = (row.name, row.unit, row.phone)
        if key in firsts:
            summary.refuse(row.sheet, row.line, "", row.name,
                           t("townimp.repeated", row=firsts[key]))  # fmt: skip
            continue
        firsts[key] = row.line
        o = _match(row, known)
        if o is None:
            if any(k.name == row.name for k in known):
                summary.warnings.append(t("townimp.same_name_new", name=row.name))
            plan.append((row, None, {}))
            summary.new += 1
            continue
        changes: dict[str, object] = {
            k: v
            for k, v in (("post", row.post), ("unit", row.unit), ("phone", row.phone))
            if v and getattr(o, k) != v
        }
        if row.leader is not None and bool(o.is_leader) != row.leader:
            changes["is_leader"] = row.leader
        members = {tm.village_id for tm in TeamMember.select().where(TeamMember.official == o.id)}
        if changes or set(row.villages) - members:
            summary.changed += 1
        else:
            summary.unchanged += 1
        plan.append((row, o, changes))
    if dry_run:
        return summary

    def work() -> None:
        for row, o, changes in plan:
            if o is None:
                o = audit.create(
                    ctx,
                    Official,
                    town=ctx.town_id,
                    name=row.name,
                    post=row.post,
                    unit=row.unit,
                    phone=row.phone,
                    is_leader=is_leadership_post(row.post) if row.leader is None else row.leader,
                    initials=official_initials(row.name),
                    audit_note=t("official.import_note", file=source.name),
                )
            elif changes:
                audit.update(ctx, o, audit_note=t("official.import_note", file=source.name),
                             **changes)  # fmt: skip
            for vid in row.villages:
                exists = TeamMember.get_or_none(
                    (TeamMember.official == o.id) & (TeamMember.village == vid)
                )
                if exists is None:
                    audit.create(ctx, TeamMember, village=vid, official=o.id, role="成员")

    if plan:
        ctx.write(work)
    return summary
