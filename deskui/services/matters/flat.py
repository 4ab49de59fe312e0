"""The flat matter ledger: one row a matter, for exchange with spreadsheets.

Headers (exactly, in order): see :data:`HEADERS`. :func:`flat_rows` streams
the rows of the town's matters (all, or those accepted in one month);
:func:`check_rows` validates rows read back from a workbook or a CSV file
and :func:`import_rows` writes the good ones in one transaction. Rows match
on 编号: a number already in the database is left as it is, so importing the
same file twice changes nothing. A bad row is reported with its row number
and a Chinese reason; with ``dry_run`` nothing is written at all.

The state of an imported matter follows from its dates: 销号日期 → 已销号,
办结日期 → 已办结, 办理情况 → 办理中, else 待办; a row without 办理层级 is a
matter not accepted under policy (不予受理, 办理情况 holding the explanation).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskui.domain.dates import month_bounds, parse_optional_date
from deskui.domain.deadlines import Level, due_date_provisional
from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.matter_flow import (
    REFUSED_EVENT,
    State,
    Step,
    normalise_number,
    parse_origin,
    parse_satisfaction,
)
from deskui.domain.phone import normalise_phone
from deskui.domain.privacy import mask_phone
from deskui.domain.roles import Perm
from deskui.domain.text import clean_name, clean_note
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.matters.card_view import official_names
from deskui.services.matters.cards import categories, forget_numbers
from deskui.services.matters.steps import create_event
from deskui.services.spreadsheet import first_sheet
from deskui.services.town.calendar import load_calendar
from deskui.services.town.towns import find_official, find_village
from deskui.store.models import Matter, Village

HEADERS: tuple[str, ...] = (
    "编号", "登记日期", "来源", "村", "组", "姓名", "联系电话", "反映问题", "问题类别",
    "办理层级", "首办责任人", "办结时限", "办理情况", "办结日期", "回访日期", "群众满意度",
    "销号日期", "备注",
)  # fmt: skip
_NUMBER = re.compile(r"^[A-Z]{1,10}(\d{4})-(\d{1,6})$")


# ------------------------------------------------------------------ export


def flat_rows(
    ctx: ServiceContext, month: tuple[int, int] | None = None
) -> Iterator[tuple[Any, ...]]:
    """The ledger's rows in number order, streamed a page at a time; phones
    masked unless the operator may see them."""
    ctx.require(Perm.EXPORT)
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    last: tuple[int, int] = (0, 0)
    while True:
        q = (
            Matter.select(Matter, Village.name)
            .join(Village, on=(Matter.village == Village.id))
            .where((Matter.town == ctx.town_id) & (Matter.year >= last[0]))
            .where((Matter.year > last[0]) | (Matter.seq > last[1]))
        )
        if month is not None:
            first, end = month_bounds(*month)
            q = q.where(Matter.accepted_on.between(first, end))
        page = list(q.order_by(Matter.year, Matter.seq).limit(500))
        if not page:
            return
        names = official_names({m.first_receiver_id for m in page})
        for m in page:
            refused = m.state == State.REFUSED.value
            situation = m.refused_reason if refused else (m.result or m.progress)
            # a refused matter has no level nor deadline: the row says so by
            # leaving 办理层级 empty, whatever an older card may hold
            level, due = ("", None) if refused else (m.level, m.due_on)
            yield (
                m.number, m.accepted_on, m.origin, m.village.name, m.group_no, m.applicant,
                m.phone if full else mask_phone(m.phone), m.content, m.category, level,
                names.get(m.first_receiver_id, ""), due, situation, m.finished_on,
                m.return_visit_on, m.satisfaction, m.closed_on, m.note,
            )  # fmt: skip
        last = (page[-1].year, page[-1].seq)


# ------------------------------------------------------------------ import


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number in the file (1 = the first line)
    reason: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class ImportReport:
    total: int
    created: int
    existing: int  # numbers already in the database, left unchanged
    problems: tuple[RowProblem, ...]
    dry_run: bool


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def _date(value: Any, header: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_optional_date(_text(value), field=header, label=header)


def _need(cond: bool, key: str, **kw: object) -> None:
    if not cond:
        raise ValidationError(t(key, **kw))


def _group(village: Any, text: str) -> int | None:
    if not text:
        return None
    digits = unicodedata.normalize("NFKC", text).removesuffix("组")
    ok = digits.isascii() and digits.isdigit() and 1 <= int(digits) <= village.group_count
    _need(ok, "matter.bad_group",
          village=village.name, count=village.group_count, group=text)  # fmt: skip
    return int(digits)


def _check(ctx: ServiceContext, r: dict[str, Any], known: list[str]) -> dict[str, Any]:
    """One row's values as the Matter table stores them (raises on the first fault)."""
    number = normalise_number(_text(r["编号"]))
    match = _NUMBER.match(number)
    _need(bool(match), "mio.bad_number", text=_text(r["编号"])[:24])
    assert match is not None
    accepted = _date(r["登记日期"], "登记日期")
    _need(accepted is not None, "mio.required", header="登记日期")
    assert accepted is not None
    today = ctx.today()
    _need(accepted <= today, "matter.accepted_future", on=accepted, today=today)
    village = find_village(ctx, _text(r["村"]))
    category = _text(r["问题类别"])
    _need(not category or category in known, "matter.bad_category", text=category,
          known="、".join(known))  # fmt: skip
    phone_text = _text(r["联系电话"])
    level_text = _text(r["办理层级"])
    situation = clean_note(_text(r["办理情况"]), field="办理情况", label="办理情况")
    out: dict[str, Any] = {
        "number": number,
        "year": int(match.group(1)),
        "seq": int(match.group(2)),
        "accepted_on": accepted,
        "origin": parse_origin(_text(r["来源"])),
        "village": village.id,
        "group_no": _group(village, _text(r["组"])),
        "applicant": clean_name(_text(r["姓名"]), field="姓名", label="姓名"),
        "phone": "" if "*" in phone_text else normalise_phone(phone_text),
        "content": clean_note(_text(r["反映问题"]), field="反映问题", label="反映问题",
                              required=True),
        "category": category,
        "first_receiver": find_official(ctx, _text(r["首办责任人"])),
        "note": clean_note(_text(r["备注"]), field="备注", label="备注"),
    }  # fmt: skip
    dates = {h: _date(r[h], h) for h in ("办结时限", "办结日期", "回访日期", "销号日期")}
    for header in ("办结日期", "回访日期", "销号日期"):
        day = dates[header]
        _need(day is None or accepted <= day <= today, "mio.date_range", header=header,
              day=day, accepted=accepted, today=today)  # fmt: skip
    if not level_text:
        _need(bool(situation), "matter.explanation_required")
        _need(not any(dates.values()), "mio.refused_with_dates")
        out.update(level="", state=State.REFUSED.value, refused_reason=situation)
        return out
    level = Level.parse(level_text)
    out["level"] = level.value
    if level is Level.COUNTY or dates["办结时限"] is None:
        deadline = due_date_provisional(level, accepted, load_calendar(ctx), dates["办结时限"])
        out["due_on"], out["due_provisional"] = deadline.due_on, deadline.provisional
    else:
        out["due_on"] = dates["办结时限"]
    if level is Level.COUNTY:
        out["promised_on"] = out["due_on"]
    finished, visited, closed = dates["办结日期"], dates["回访日期"], dates["销号日期"]
    satisfaction_text = _text(r["群众满意度"])
    _need(bool(finished) or not (visited or closed or satisfaction_text), "mio.needs_finished")
    _need(bool(visited) == bool(satisfaction_text), "mio.visit_pair")
    satisfaction = parse_satisfaction(satisfaction_text) if satisfaction_text else None
    _need(not (closed and satisfaction and not satisfaction.counts_satisfied),
          "matter.flow.close_unsatisfied")  # fmt: skip
    for later, earlier in ((visited, finished), (closed, finished)):
        _need(not later or not earlier or later >= earlier, "mio.before_finished")
    state = State.CLOSED if closed else State.FINISHED if finished else (
        State.IN_PROGRESS if situation else State.PENDING)  # fmt: skip
    out.update(
        state=state.value, finished_on=finished, return_visit_on=visited, closed_on=closed,
        satisfaction=satisfaction.value if satisfaction else "",
        signed=bool(finished and visited),
        result=situation if finished else "", progress="" if finished else situation,
    )  # fmt: skip
    return out


def check_rows(
    ctx: ServiceContext, rows: Sequence[tuple[int, dict[str, Any]]]
) -> tuple[list[dict[str, Any]], int, list[RowProblem]]:
    """(new rows to write, rows already in the database, problems)."""
    known = categories(ctx)
    good: list[dict[str, Any]] = []
    problems: list[RowProblem] = []
    existing = 0
    seen: set[str] = set()
    for line, raw in rows:
        try:
            values = _check(ctx, raw, known)
            number = values["number"]
            _need(number not in seen, "mio.duplicate", number=number)
            seen.add(number)
            row = Matter.get_or_none(Matter.number == number)
            if row is not None:
                _need(row.town_id == ctx.town_id, "mio.other_town", number=number)
                existing += 1
                continue
            taken = Matter.get_or_none((Matter.town == ctx.town_id) & (Matter.year == values["year"]) & (Matter.seq == values["seq"]))  # fmt: skip
            _need(
                taken is None, "mio.seq_taken", number=number, other=taken.number if taken else ""
            )
            good.append(values)
        except DomainError as exc:
            problems.append(RowProblem(line, str(exc), tuple(raw.get(h) for h in HEADERS)))
    return good, existing, problems


def _events(values: dict[str, Any]) -> list[tuple[str, dt.date, str]]:
    note = t("mio.imported")
    if values["state"] == State.REFUSED.value:
        return [(REFUSED_EVENT, values["accepted_on"], values["refused_reason"][:200])]
    out = [(Step.ACCEPT.value, values["accepted_on"], note)]
    if values.get("finished_on"):
        out.append((Step.FINISH.value, values["finished_on"], values["result"][:200] or note))
    if values.get("return_visit_on"):
        out.append((Step.RETURN_VISIT.value, values["return_visit_on"], note))
    if values.get("closed_on"):
        out.append((Step.CLOSE.value, values["closed_on"], note))
    return out


def import_rows(
    ctx: ServiceContext, rows: Sequence[tuple[int, dict[str, Any]]], *, dry_run: bool = False
) -> ImportReport:
    """Check every row; write the new good ones in one transaction (none
    with ``dry_run``). Bad rows are reported, never half-written."""
    ctx.require(Perm.HANDLE_MATTER)
    good, existing, problems = check_rows(ctx, rows)

    def work() -> None:
        for values in good:
            matter = audit.create(
                ctx, Matter, audit_note=t("mio.imported"), town=ctx.town_id,
                created_at=ctx.now(), **values,
            )  # fmt: skip
            for kind, on, note in _events(values):
                create_event(
                    ctx, audit_note=values["number"], matter=matter.id, kind=kind, on=on,
                    at=ctx.now(), operator=ctx.actor.id, official=values["first_receiver"],
                    note=note, satisfaction=values.get("satisfaction", "") if kind == "回访" else "",
                )  # fmt: skip
        if good:  # numbers of their own: the next new card counts on after them
            forget_numbers(int(ctx.town_id or 0))

    if good and not dry_run:
        ctx.write(work)
    return ImportReport(
        total=len(rows),
        created=len(good),
        existing=existing,
        problems=tuple(problems),
        dry_run=dry_run,
    )


# ------------------------------------------------------------------ reading

Rows = list[tuple[int, dict[str, Any]]]


def _header_index(cells: list[Any]) -> dict[str, int] | None:
    names = [str(c).strip() if c is not None else "" for c in cells]
    if "编号" not in names or "姓名" not in names:
        return None
    missing = [h for h in HEADERS if h not in names]
    if missing:
        raise ValidationError(t("mio.missing_headers", headers="、".join(missing)), field="file")
    return {h: names.index(h) for h in HEADERS}


def _rows_of(lines: list[list[Any]]) -> Rows:
    index: dict[str, int] | None = None
    out: Rows = []
    for number, cells in enumerate(lines, start=1):
        if index is None:
            index = _header_index(cells)
            continue
        if not any(c not in (None, "") for c in cells):
            continue
        out.append((number, {h: cells[i] if i < len(cells) else None for h, i in index.items()}))
    if index is None:
        raise ValidationError(t("mio.no_header"), field="file")
    return out


def read_ledger(path: Path) -> Rows:
    """The data rows of an .xlsx or .csv ledger, with their row numbers: the
    header row is found below any title rows; blank rows are skipped."""
    return _rows_of([list(r) for _, r in first_sheet(Path(path)).rows])
