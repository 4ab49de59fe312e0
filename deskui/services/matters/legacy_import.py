"""Importing a town's own, hand-kept matter ledger (销号台账, FORMS.md §1 and
its usual variants), every sheet of it.

What it takes: header aliases (反映问题 / 反映问题（申办事项） / 申办事项 …),
merged title rows above the header, footer and signature rows (填表人 /
审核人) skipped; dates as cells or text; levels as 一般性事务 / 需镇研究办理 /
超出镇职权; sources mapped (来访 → 服务日接待); 办结时限 as a date or
``N个工作日`` from the acceptance date; 回访情况 as free text (kept as the
return-visit note, its date taken from it when it names one, its
satisfaction when the 满意度 column is blank); 村组住址 split into village
(or a former name of one) and group.

Identity: the town's own number is kept as 原编号 (``Matter.original_number``)
and deskui assigns its own number; a row without a number is the matter with
the same 登记日期, 姓名 and 反映问题. A number seen again — a later sheet
carrying the matter over, or a later file — brings its progress up to date
as timeline events (进展, 延期, 办结, 回访, 销号); progress never moves back,
so the same file twice changes nothing. A 首办责任人 or 责任领导 who is not
on the list is created as an official who has left (已离岗), with a warning.

A row with a bad value is refused with its sheet, row, column, value and
reason; the others are written in one transaction (none on a dry run).
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskui.domain import legacy_ledger as rules
from deskui.domain.deadlines import Level, due_date
from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.matter_flow import REFUSED_EVENT, State, Step
from deskui.domain.phone import normalise_phone
from deskui.domain.roles import Perm
from deskui.domain.text import clean_name, clean_note, clean_text
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.import_summary import ImportSummary, SheetCount
from deskui.services.matters.cards import next_number
from deskui.services.matters.steps import create_event
from deskui.services.spreadsheet import Sheet, sheets, text_cell
from deskui.services.town.calendar import load_calendar
from deskui.services.town.officials import official_initials
from deskui.services.town.towns import find_official
from deskui.store.models import Matter, MatterEvent, Official, Town, Village, VillageAlias


class _Refused(Exception):
    def __init__(self, key: str, value: object, reason: str) -> None:
        super().__init__(reason)
        self.key, self.value, self.reason = key, value, reason


@dataclass
class _Row:
    """One data row, checked: the values a matter stores."""

    sheet: SheetCount
    line: int
    original: str
    accepted_on: dt.date
    origin: str
    applicant: str
    village: int
    group_no: int | None
    address: str
    phone: str
    content: str
    category: str
    level: Level | None  # None: 不予受理
    first: str  # official names as written
    leader: str
    due_on: dt.date | None
    progress: str
    finished_on: dt.date | None
    visit_note: str
    visit_on: dt.date | None
    satisfaction: str
    closed_on: dt.date | None
    note: str
    report_day: dt.date  # the sheet's month end: the date of a progress note

    @property
    def key(self) -> tuple[str, ...]:
        if self.original:
            return ("no", self.original)
        return ("row", self.accepted_on.isoformat(), self.applicant, self.content)


@dataclass
class _State:
    """What deskui knows of a matter (in the database, or planned)."""

    matter_id: int | None
    applicant: str
    state: str
    due_on: dt.date | None
    finished_on: dt.date | None
    visit_on: dt.date | None
    closed_on: dt.date | None
    notes: set[str] = field(default_factory=set)  # progress texts already recorded


@dataclass
class _Op:
    row: _Row
    create: bool
    events: list[tuple[str, dt.date, str, dict[str, Any]]]
    changes: dict[str, Any]
    state: _State


@dataclass(frozen=True)
class LegacyResult:
    summary: ImportSummary
    numbers: tuple[tuple[str, str], ...]  # (原编号 or '', deskui number) of new matters


def looks_legacy(path: Path | str) -> bool:
    """True when a sheet of the file has the legacy layout's header (and is
    not deskui's own flat export, which has 村 and 组 and no 村组住址)."""
    for sheet in sheets(Path(path)):
        for _line, raw in sheet.rows[:15]:
            keys = {rules.header_key(text_cell(c)) for c in raw if c not in (None, "")}
            if {"name", "content"} <= keys and len(keys - {None}) >= 4:
                cells = {"".join(text_cell(c).split()) for c in raw}
                own = {"村", "组", "回访日期"} <= cells and "村组住址" not in cells
                return not own
    return False


class _Reader:
    def __init__(self, ctx: ServiceContext, summary: ImportSummary) -> None:
        self.ctx = ctx
        self.summary = summary
        self.today = ctx.today()
        self.calendar = load_calendar(ctx)
        self.villages: dict[str, int] = {
            v.name: v.id
            for v in Village.select().where(
                (Village.town == ctx.town_id) & (Village.archived == False)  # noqa: E712
            )
        }
        groups = {v.id: v.group_count for v in Village.select().where(Village.town == ctx.town_id)}
        self.groups = groups
        self.headers: dict[str, dict[str, str]] = {}  # sheet → field → header as written
        for a in VillageAlias.select().where(VillageAlias.town == ctx.town_id):
            self.villages.setdefault(a.name, a.village_id)

    def sheet_rows(self, sheet: Sheet) -> list[_Row]:
        count = SheetCount(sheet.name)
        self.summary.sheets.append(count)
        cols: dict[str, int] = {}
        headers: dict[str, str] = {}
        title = ""
        out: list[_Row] = []
        for line, raw in sheet.rows:
            cells = tuple(text_cell(c).strip() for c in raw)
            if not any(cells):
                continue
            if not cols:
                keys = [rules.header_key(c) for c in cells]
                found = {k: i for i, k in reversed(list(enumerate(keys))) if k}
                if {"name", "content"} <= set(found) and len(found) >= 4:
                    cols = found
                    headers = {k: "".join(cells[i].split()) for k, i in found.items()}
                    self.headers[sheet.name] = headers
                elif not title:
                    title = next(c for c in cells if c)
                continue
            first = next(c for c in cells if c)
            if rules.FOOTER.match(rules.norm(first)):
                continue

            def get(key: str, raw: tuple[Any, ...] = raw, cols: dict[str, int] = cols) -> Any:
                i = cols.get(key)
                return raw[i] if i is not None and i < len(raw) else None

            if not text_cell(get("name")).strip() and not text_cell(get("content")).strip():
                continue  # a numbered but empty line of a printed form
            count.rows += 1
            month = rules.month_of_title(title, sheet.name)
            if month:
                report = dt.date(*month, pycal.monthrange(*month)[1])
                report = min(report, self.today)
            else:
                report = self.today
            try:
                out.append(self.row(count, line, get, report))
            except _Refused as r:
                column = headers.get(r.key, rules.HEADERS[r.key][0])
                self.summary.refuse(count, line, column, text_cell(r.value), r.reason)
        if not cols:
            self.summary.warnings.append(t("legacy.no_header_sheet", sheet=sheet.name))
        return out

    def row(self, count: SheetCount, line: int, get: Any, report: dt.date) -> _Row:
        def text(key: str) -> str:
            return text_cell(get(key)).strip()

        def check(key: str, fn_: Any, *args: Any, **kw: Any) -> Any:
            try:
                return fn_(*args, **kw)
            except DomainError as exc:
                raise _Refused(key, get(key), exc.message) from None

        def date(key: str) -> dt.date | None:
            label = rules.HEADERS[key][0]
            day = check(key, rules.cell_date, get(key), field=key, label=label)
            return day

        original = "".join(text("number").split())[:40]
        accepted = date("accepted")
        if accepted is None:
            raise _Refused("accepted", "", t("legacy.required", header="登记日期"))
        if accepted > self.today:
            raise _Refused("accepted", get("accepted"), t("legacy.future", today=self.today))
        applicant = check("name", clean_name, text("name"), field="name", label="姓名")
        content = check(
            "content", clean_note, text("content"), field="content", label="反映问题", required=True
        )
        place = text("place")
        village_id: int | None = None
        group_no: int | None = None
        if text("village"):
            found = rules.split_place(text("village"), self.villages)
            if found is None:
                raise _Refused("village", get("village"), t("legacy.unknown_village"))
            village_id = found[0]
            group_no = check("group", rules.group_of, text("group")) if text("group") else found[1]
        if village_id is None:
            found = rules.split_place(place, self.villages)
            if found is None:
                raise _Refused("place", place, t("legacy.unknown_village"))
            village_id, group_no = found[0], found[1]
        if group_no is not None and not 1 <= group_no <= self.groups.get(village_id, 99):
            key = "group" if text("village") else "place"
            raise _Refused(key, text("group") if text("village") else place, t("legacy.bad_group_no",
                           group=group_no, count=self.groups.get(village_id, 0)))  # fmt: skip
        phone = check("phone", normalise_phone, text("phone"))
        level_text = text("level")
        level = check("level", rules.level_of, level_text) if level_text else Level.VILLAGE
        first = check("first", clean_text, text("first"), field="first", label="首办责任人",
                      max_len=60, required=True)  # fmt: skip
        leader = check("leader", clean_text, text("leader"), field="leader", label="责任领导",
                       max_len=60)  # fmt: skip
        progress = check(
            "progress", clean_note, text("progress"), field="progress", label="办理情况"
        )
        due_text = text("due")
        due: dt.date | None = None
        if level is not None:
            n = rules.workdays_of(due_text) if due_text else None
            if due_text and n is None:
                due = date("due")
            elif n is not None:
                due = self.calendar.add_workdays(accepted, n)
            if due is None:
                if level is Level.COUNTY:
                    raise _Refused("due", due_text, t("legacy.promised_required"))
                due = due_date(level, accepted, self.calendar)
            if due < accepted:
                raise _Refused("due", due_text, t("legacy.before_accepted", header="办结时限"))
        finished = date("finished")
        closed = date("closed")
        visit_note = text("visit")
        satisfaction_text = rules.norm(text("satisfaction"))
        visit_on: dt.date | None = None
        satisfaction = ""
        if satisfaction_text:
            s = rules.satisfaction_in(satisfaction_text)
            if s is None:
                raise _Refused("satisfaction", satisfaction_text, t("legacy.bad_satisfaction"))
            satisfaction = s.value
        elif visit_note:
            s = rules.satisfaction_in(visit_note)
            satisfaction = s.value if s else ""
        if visit_note or satisfaction:
            visit_on = rules.cell_date(get("visit"), field="visit", label="回访") if isinstance(
                get("visit"), dt.date) else rules.date_in(visit_note, finished or accepted)  # fmt: skip
            if visit_on is None:
                visit_on = closed or finished
                if visit_on is not None:
                    self.summary.warnings.append(
                        t("legacy.visit_undated", sheet=count.name, row=line, day=visit_on)
                    )
        for key, day in (("finished", finished), ("closed", closed), ("visit", visit_on)):
            if day is not None and not accepted <= day <= self.today:
                raise _Refused(key, get(key), t("legacy.date_range", accepted=accepted,
                               today=self.today))  # fmt: skip
        if (visit_on or closed) and finished is None:
            raise _Refused("finished", "", t("legacy.needs_finished"))
        if level is None and not progress:
            raise _Refused("progress", "", t("legacy.explanation_required"))
        category = text("category")[:20]
        return _Row(
            sheet=count,
            line=line,
            original=original,
            accepted_on=accepted,
            origin=rules.origin_of(text("origin")),
            applicant=applicant,
            village=village_id,
            group_no=group_no,
            address=place[:200],
            phone=phone,
            content=content,
            category=category,
            level=level,
            first=first,
            leader=leader,
            due_on=due,
            progress=progress,
            finished_on=finished,
            visit_note=visit_note[:200],
            visit_on=visit_on,
            satisfaction=satisfaction,
            closed_on=closed,
            note=text("note")[:500],
            report_day=max(report, accepted),
        )


def _state_of(m: Matter) -> _State:
    notes = {m.progress, m.result} | {
        e.note for e in MatterEvent.select(MatterEvent.note).where(MatterEvent.matter == m.id)
    }
    return _State(
        matter_id=m.id,
        applicant=m.applicant,
        state=m.state,
        due_on=m.due_on,
        finished_on=m.finished_on,
        visit_on=m.return_visit_on,
        closed_on=m.closed_on,
        notes={n for n in notes if n},
    )


def _find(ctx: ServiceContext, row: _Row) -> Matter | None:
    q = Matter.select().where(Matter.town == ctx.town_id)
    if row.original:
        return q.where(Matter.original_number == row.original).first()
    return q.where(
        (Matter.original_number == "")
        & (Matter.accepted_on == row.accepted_on)
        & (Matter.applicant == row.applicant)
        & (Matter.content == row.content)
    ).first()


def _advance(row: _Row, st: _State, ops_events: list[tuple[str, dt.date, str, dict[str, Any]]],
             changes: dict[str, Any]) -> None:  # fmt: skip
    """The events and field changes that bring ``st`` up to ``row``
    (forward only: a date already set is never moved, a note already
    recorded is not recorded again)."""
    if st.state == State.REFUSED.value:
        return
    if row.due_on and st.due_on and row.due_on > st.due_on and not st.finished_on:
        ops_events.append((Step.EXTEND.value, row.report_day, row.progress or t("legacy.imported"),
                           {"new_due": row.due_on}))  # fmt: skip
        changes["due_on"] = st.due_on = row.due_on
        changes["extensions"] = 1
    if row.progress and row.progress not in st.notes and not row.finished_on:
        if st.finished_on is None:
            ops_events.append((Step.PROGRESS.value, row.report_day, row.progress, {}))
            changes["progress"] = row.progress
            if st.state == State.PENDING.value:
                changes["state"] = st.state = State.IN_PROGRESS.value
        st.notes.add(row.progress)
    if row.finished_on and st.finished_on is None:
        note = row.progress or t("legacy.imported")
        ops_events.append((Step.FINISH.value, row.finished_on, note, {}))
        changes.update(finished_on=row.finished_on, result=row.progress)
        changes["state"] = st.state = State.FINISHED.value
        st.finished_on = row.finished_on
        st.notes.add(row.progress)
    if row.visit_on and st.visit_on is None and st.finished_on:
        ops_events.append((Step.RETURN_VISIT.value, row.visit_on, row.visit_note or
                           t("legacy.imported"), {"satisfaction": row.satisfaction}))  # fmt: skip
        changes.update(return_visit_on=row.visit_on, satisfaction=row.satisfaction, signed=True,
                       feedback=row.visit_note)  # fmt: skip
        st.visit_on = row.visit_on
    if row.closed_on and st.closed_on is None and st.finished_on:
        ops_events.append((Step.CLOSE.value, row.closed_on, t("legacy.imported"), {}))
        changes["closed_on"] = st.closed_on = row.closed_on
        changes["state"] = st.state = State.CLOSED.value


def import_legacy_ledger(
    ctx: ServiceContext, path: Path | str, *, dry_run: bool = False
) -> LegacyResult:
    """Import (or with ``dry_run`` only check) a hand-kept matter ledger."""
    ctx.require(Perm.HANDLE_MATTER)
    if ctx.town_id is None:
        raise ValidationError(t("official.no_town"))
    source = Path(path).expanduser()
    summary = ImportSummary(file=source.name, dry_run=dry_run)
    reader = _Reader(ctx, summary)
    rows: list[_Row] = []
    for sheet in sheets(source):
        rows += reader.sheet_rows(sheet)
    if not any(s.rows for s in summary.sheets) and not summary.refused:
        raise ValidationError(t("legacy.no_header", path=source.name), field="file")

    def column(row: _Row, key: str) -> str:
        return reader.headers.get(row.sheet.name, {}).get(key, rules.HEADERS[key][0])

    # officials: found (in post or not), or to be created as having left
    officials: dict[str, int | None] = {}
    ambiguous: dict[str, str] = {}
    for row in rows:
        for name in (row.first, row.leader):
            if not name or name in officials or name in ambiguous:
                continue
            try:
                officials[name] = find_official(ctx, name)
            except ValidationError as exc:  # two of that name, no hint
                ambiguous[name] = exc.message
            except DomainError:
                if len(name) > 20 or any(c in name for c in "（()）/／"):
                    ambiguous[name] = t("legacy.unknown_official", name=name)
                    continue
                officials[name] = None
                summary.warnings.append(t("legacy.official_created", name=name))
    clear: list[_Row] = []
    for row in rows:
        bad = next(
            ((k, n) for k, n in (("first", row.first), ("leader", row.leader)) if n in ambiguous),
            None,
        )
        if bad is None:
            clear.append(row)
        else:
            summary.refuse(row.sheet, row.line, column(row, bad[0]), bad[1], ambiguous[bad[1]])
    rows = clear

    ops: list[_Op] = []
    known: dict[tuple[str, ...], _State] = {}
    seen: dict[tuple[str, ...], tuple[str, int]] = {}
    numbers = set()
    for row in rows:
        key = row.key
        if key in seen and seen[key][0] == row.sheet.name:
            summary.refuse(row.sheet, row.line, column(row, "number"), row.original,
                           t("legacy.repeated", row=seen[key][1]))  # fmt: skip
            continue
        seen[key] = (row.sheet.name, row.line)
        if row.original and row.original not in numbers:
            numbers.add(row.original)
            own = Matter.get_or_none(Matter.number == row.original.upper())
            if own is not None and own.original_number != row.original:
                summary.refuse(row.sheet, row.line, column(row, "number"), row.original,
                               t("legacy.number_is_deskui", number=own.number))  # fmt: skip
                continue
        st = known.get(key)
        if st is None:
            m = _find(ctx, row)
            if m is not None:
                st = known[key] = _state_of(m)
        if st is not None and st.applicant != row.applicant:
            summary.refuse(row.sheet, row.line, column(row, "name"), row.applicant,
                           t("legacy.other_applicant", number=row.original,
                             name=st.applicant))  # fmt: skip
            continue
        if st is None:
            st = known[key] = _State(None, row.applicant, "", row.due_on, None, None, None)
            events: list[tuple[str, dt.date, str, dict[str, Any]]] = []
            if row.level is None:
                st.state = State.REFUSED.value
                events.append((REFUSED_EVENT, row.accepted_on, row.progress[:200], {}))
            else:
                st.state = State.PENDING.value
                events.append((Step.ACCEPT.value, row.accepted_on, row.content[:200],
                               {"new_due": row.due_on}))  # fmt: skip
                _advance(row, st, events, {})
            ops.append(_Op(row, True, events, {}, st))
            summary.new += 1
            continue
        events = []
        changes: dict[str, Any] = {}
        _advance(row, st, events, changes)
        if events:
            ops.append(_Op(row, False, events, changes, st))
            summary.changed += 1
        else:
            summary.unchanged += 1

    created: list[tuple[str, str]] = []
    if dry_run or not ops:
        return LegacyResult(summary, ())

    def work() -> None:
        town = Town.get_by_id(ctx.town_id)
        ids: dict[str, int] = {}
        for name, oid in officials.items():
            if oid is None:
                o = audit.create(ctx, Official, town=town.id, name=name, archived=True,
                                 initials=official_initials(name),
                                 audit_note=t("legacy.official_note", file=source.name))  # fmt: skip
                ids[name] = int(o.id)
            else:
                ids[name] = oid
        for op in ops:
            row = op.row
            first = ids[row.first]
            if op.create:
                year = row.accepted_on.year
                seq, number = next_number(town, year)
                values = _initial(row, op.state)
                m = audit.create(
                    ctx, Matter, audit_note=t("legacy.matter_note", file=source.name,
                    original=row.original or "—"), town=town.id, number=number,
                    original_number=row.original, year=year, seq=seq, created_at=ctx.now(),
                    first_receiver=first, handler=first,
                    leader=ids.get(row.leader) if row.leader else None, **values,
                )  # fmt: skip
                op.state.matter_id = int(m.id)
                created.append((row.original, number))
            else:
                assert op.state.matter_id is not None
                m = Matter.get_by_id(op.state.matter_id)
                if op.changes:
                    ch = dict(op.changes)
                    if "extensions" in ch:
                        ch["extensions"] = m.extensions + 1
                    audit.update(ctx, m, audit_note=t("legacy.update_note", file=source.name),
                                 **ch)  # fmt: skip
            for kind, on, note, extra in op.events:
                create_event(ctx, audit_note=m.number, matter=m.id, kind=kind, on=on,
                             at=ctx.now(), operator=ctx.actor.id, official=first,
                             note=note[:500], **extra)  # fmt: skip

    ctx.write(work, unique_race=True)
    return LegacyResult(summary, tuple(created))


def _initial(row: _Row, st: _State) -> dict[str, Any]:
    """A new matter's fields: the row, with the state its events reached."""
    refused = row.level is None
    finished = st.finished_on is not None
    return {
        "origin": row.origin,
        "village": row.village,
        "group_no": row.group_no,
        "applicant": row.applicant,
        "phone": row.phone,
        "address": row.address,
        "content": row.content,
        "category": row.category,
        "level": "" if refused else row.level.value,  # type: ignore[union-attr]
        "state": st.state,
        "accepted_on": row.accepted_on,
        "due_on": st.due_on,
        "promised_on": st.due_on if row.level is Level.COUNTY else None,
        "progress": "" if finished or refused else row.progress,
        "result": row.progress if finished else "",
        "refused_reason": row.progress if refused else "",
        "finished_on": st.finished_on,
        "return_visit_on": st.visit_on,
        "satisfaction": row.satisfaction if st.visit_on else "",
        "feedback": row.visit_note if st.visit_on else "",
        "signed": bool(st.visit_on),
        "closed_on": st.closed_on,
        "note": row.note,
    }
