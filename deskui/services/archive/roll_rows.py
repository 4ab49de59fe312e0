"""A roll's rows checked one by one, in this process or, for a long roll,
shared with a helper process.

What a row must be is :meth:`Checker.row`: the fields, the village and the
liaison official by name (the checks across rows, and everything that reads
the archive, are the import's: :mod:`deskui.services.archive.roll`). A
checked row is kept as a :class:`Seen`: what the checks across rows need,
and its values packed into one byte string (:func:`_pack_row`).

A roll of :data:`PARALLEL_ROWS` rows or more is checked by two processes:
this one reads the file and hands every other run of :data:`SHARE` rows to a
helper process (a fresh interpreter, the same on Windows, safe beside the
desk's threads), which checks them while this one checks its own; the
results are put back in file order. The helper loads the domain rules only
(no database, no pinyin, never the file) and holds one run at a time. Should
it fail to start, die or stall, its rows are checked here: the helper only
makes the check faster, never different.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskui.domain.errors import DomainError, ValidationError
from deskui.domain.household_rules import (
    HEAD,
    MemberValues,
    clean_group,
    clean_income,
    clean_member,
    clean_short,
    clean_tags,
)
from deskui.i18n import language, set_language, t
from deskui.services.spreadsheet import Cells

# header → the synonyms a roll may use (first is the canonical header).
HEADERS: dict[str, tuple[str, ...]] = {
    "village": ("村", "村名", "村（社区）", "村社区", "所属村"),
    "group": ("组", "村民小组", "小组", "组别"),
    "code": ("户编号", "户号", "户编码", "户籍编号"),
    "name": ("姓名", "名字"),
    "relation": ("与户主关系", "户主关系", "关系", "与户主的关系"),
    "id_number": ("身份证号", "身份证", "身份证号码", "公民身份号码"),
    "sex": ("性别",),
    "birth": ("出生日期", "出生年月", "生日"),
    "phone": ("联系电话", "电话", "手机", "手机号", "电话号码"),
    "occupation": ("职业/务工", "职业", "务工", "务工情况", "职业务工"),
    "health": ("健康状况", "健康", "身体状况"),
    "tags": ("重点户类型", "重点户", "户类型"),
    "liaison": ("包联干部", "包联人", "联系干部"),
    "income": ("家庭年收入", "年收入", "收入"),
    "economy": ("主要经济来源", "经济来源", "收入来源"),
    "address": ("住址", "地址", "家庭住址"),
    "note": ("备注",),
}
ROLL_HEADERS = tuple(names[0] for names in HEADERS.values())
REQUIRED = ("village", "name", "relation")


@dataclass(frozen=True)
class Reject:
    row: int  # the row number in the file (1 = the first line)
    reason: str
    values: tuple[str, ...]  # the row as read, for the rejects workbook


_SEP = "\x1f"  # between packed cells (a cell holding it is kept unpacked)


@dataclass(slots=True)
class Seen:
    """What is kept of a checked row until the write: what the checks across
    rows need, and its checked values packed (:func:`_pack_row`)."""

    line: int
    village_id: int
    code: str
    id_number: str
    head: bool
    name: str
    cells: bytes | tuple[str, ...]
    key: tuple[int, str] = (0, "")


def _pack(raw: tuple[str, ...]) -> bytes | tuple[str, ...]:
    """A row's cells as one UTF-8 byte string (a row whose cells hold the
    separator stays as it is)."""
    if any(_SEP in c for c in raw):
        return tuple(raw)
    return _SEP.join(raw).encode()


def _unpack(cells: bytes | tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(cells, tuple):
        return cells
    return tuple(cells.decode().split(_SEP))


_ABSENT = "\x00"  # a packed value that is None, or a household field the row leaves alone
_HOUSEHOLD = ("tags", "income", "economy", "address", "liaison")


def _opt(value: object) -> str:
    return _ABSENT if value is None else str(value)


def _pack_row(row: Row) -> bytes | tuple[str, ...]:
    """A checked row's values (its village and 户编号 are kept beside)."""
    m, h = row.member, row.household
    tags = h.get("tags")
    household = [_opt(h.get(k)) for k in _HOUSEHOLD[1:]]
    return _pack(
        (
            _opt(row.group_no), m.name, m.relation, _opt(m.id_number), m.sex,
            _opt(m.birth_date.isoformat() if m.birth_date else None), m.phone, m.occupation,
            "1" if m.working_away else "", m.health, m.school, _opt(m.income), m.note,
            _ABSENT if tags is None else "、".join(tags), *household,
        )
    )  # fmt: skip


def _unpack_row(r: Seen) -> Row:
    """The checked row :func:`_pack_row` packed, without its cells (a row
    refused at the write gets them back from :func:`_fill_cells`)."""
    (group, name, relation, id_number, sex, birth, phone, occupation, away, health, school,
     income, note, tags, *household) = _unpack(r.cells)  # fmt: skip

    def opt(text: str) -> str | None:
        return None if text == _ABSENT else text

    member = MemberValues(
        name=name, relation=relation, id_number=opt(id_number), sex=sex,
        birth_date=dt.date.fromisoformat(birth) if birth != _ABSENT else None, phone=phone,
        occupation=occupation, working_away=away == "1", health=health, school=school,
        income=int(income) if income != _ABSENT else None, note=note,
    )  # fmt: skip
    values: dict[str, Any] = {}
    if tags != _ABSENT:
        values["tags"] = tuple(tags.split("、")) if tags else ()
    for key, text in zip(_HOUSEHOLD[1:], household, strict=True):
        if text != _ABSENT:
            values[key] = int(text) if key in ("income", "liaison") else text
    group_no = int(group) if group != _ABSENT else None
    return Row(r.line, (), r.village_id, r.code, member, group_no, values, r.key)


@dataclass
class Row:
    line: int
    raw: tuple[str, ...]
    village_id: int
    code: str
    member: MemberValues
    group_no: int | None
    household: dict[str, Any]
    key: tuple[int, str] = (0, "")


class Checker:
    """Checks one row of a roll against the town: its villages (by name,
    with and without 村/社区) and its officials in post, by name. Plain
    data, so that a second process can check rows too."""

    def __init__(self, villages: dict[str, int], officials: dict[str, int], today: dt.date) -> None:
        self.villages, self.officials, self.today = villages, officials, today

    def row(self, line: int, raw: tuple[str, ...], cols: dict[str, int]) -> Row:
        def get(key: str) -> str:
            i = cols.get(key)
            return raw[i] if i is not None and i < len(raw) else ""

        problems: dict[int, str] = getattr(raw, "problems", None) or {}
        for key, i in cols.items() if problems else ():
            problem = problems.get(i)
            if problem:
                column = HEADERS[key][0]
                raise ValidationError(
                    t("imp.cell_problem", column=column, problem=problem), field=key
                )
        for key in REQUIRED:
            if not get(key).strip():
                label = HEADERS[key][0]
                raise ValidationError(t("text.required", label=label), field=key)
        village = get("village").strip()
        vid = self.villages.get(village)
        if vid is None:
            known = "、".join(sorted(set(self.villages))[:8])
            raise ValidationError(t("town.unknown_village", name=village, known=known))
        member = clean_member(
            {
                "name": get("name"),
                "relation": get("relation"),
                "id_number": get("id_number"),
                "sex": get("sex"),
                "birth_date": get("birth"),
                "phone": get("phone"),
                "occupation": get("occupation"),
                "health": get("health"),
                "note": get("note"),
            },
            self.today,
        )
        household: dict[str, Any] = {}
        if get("tags").strip():
            household["tags"] = clean_tags(get("tags"))
        if get("income").strip():
            household["income"] = clean_income(get("income"))
        for key, label in (
            ("economy", "archive.field.economy"),
            ("address", "archive.field.address"),
        ):
            if get(key).strip():
                household[key] = clean_short(get(key), key, label, 200)
        liaison = get("liaison").strip()
        if liaison:
            if liaison not in self.officials:
                raise ValidationError(t("town.unknown_official", name=liaison), field="liaison")
            household["liaison"] = self.officials[liaison]
        code = clean_short(get("code"), "code", "archive.field.code", 30)
        return Row(line, raw, vid, code, member, clean_group(get("group")), household)


# ------------------------------------------------------------- two processes

PARALLEL_ROWS = 4000  # a roll declared this long is checked by two processes
SHARE = 500  # rows handed over at a time
# runs the helper checks, of how many (every other one; two in three, to
# make up for this process reading the file, measured no faster)
HELPER_OF = (1, 2)

_Line = tuple[int, tuple[str, ...], "dict[int, str] | None"]  # line, cells, their problems


@dataclass
class Checked:
    """What checking a run of rows gave: the good rows and the refused ones."""

    seen: list[Seen]
    rejects: list[Reject]


def check_rows(
    checker: Checker, cols: dict[str, int], rows: Iterable[tuple[int, tuple[str, ...]]]
) -> Checked:
    """Check ``rows`` (line, cells; none of them blank) one by one."""
    out = Checked([], [])
    for line, raw in rows:
        try:
            row = checker.row(line, raw, cols)
        except DomainError as exc:
            out.rejects.append(Reject(line, str(exc), tuple(raw)))
        else:
            m = row.member
            head = m.relation == HEAD
            out.seen.append(Seen(line, row.village_id, row.code, m.id_number or "", head,
                                 m.name if head else "", _pack_row(row)))  # fmt: skip
    return out


class Shared:
    """Rows checked by this process and a helper process, run by run
    (:data:`SHARE` rows), the results kept in file order."""

    def __init__(self, checker: Checker, cols: dict[str, int], helper: bool) -> None:
        self.checker, self.cols = checker, cols
        self.parts: list[Checked | tuple[int, list[_Line]]] = []
        self.run: list[tuple[int, tuple[str, ...]]] = []
        self.helper = _Helper.start(checker, cols) if helper else None
        self.helped = 0  # runs the helper checked

    def add(self, line: int, raw: tuple[str, ...]) -> None:
        self.run.append((line, raw))
        if len(self.run) >= SHARE:
            self._hand_over()

    def finish(self) -> Checked:
        """Every row's result, in file order (the helper stopped)."""
        self._hand_over()
        out = Checked([], [])
        try:
            for part in self.parts:
                done = self._result(part)
                out.seen += done.seen
                out.rejects += done.rejects
        finally:
            self.close()
        self.parts = []
        return out

    def close(self) -> None:
        if self.helper is not None:
            self.helper.close()
            self.helper = None

    def _hand_over(self) -> None:
        run, self.run = self.run, []
        if not run:
            return
        index = len(self.parts)
        if self.helper is not None and index % HELPER_OF[1] < HELPER_OF[0]:
            lines: list[_Line] = [
                (line, tuple(raw), getattr(raw, "problems", None) or None) for line, raw in run
            ]
            if self.helper.submit(index, lines):
                self.parts.append((index, lines))
                return
            self.close()  # the helper is gone: this process checks the rest
        self.parts.append(check_rows(self.checker, self.cols, run))
        # the helper's finished runs give their rows' cells back at once
        helper = self.helper
        self.parts = [
            p
            if isinstance(p, Checked) or helper is None or not helper.has(p[0])
            else self._result(p)
            for p in self.parts
        ]

    def _result(self, part: Checked | tuple[int, list[_Line]]) -> Checked:
        if isinstance(part, Checked):
            return part
        index, lines = part
        done = self.helper.result(index) if self.helper is not None else None
        if done is None:  # the helper died or failed: check the run here
            return check_rows(self.checker, self.cols, _cells(lines))
        self.helped += 1
        seen, rejects = done
        return Checked([Seen(*s) for s in seen], [Reject(*r) for r in rejects])


def _cells(lines: list[_Line]) -> Iterator[tuple[int, tuple[str, ...]]]:
    for line, cells, problems in lines:
        yield line, Cells(cells, problems)


_HELPER_CODE = "from deskui.services.archive.roll_rows import helper_main; helper_main()"
HELPER_WAIT = 120.0  # seconds a run may take the helper before this process checks it itself


class _Helper:
    """The helper process: a fresh interpreter running :func:`helper_main`
    (not ``multiprocessing``, whose ``spawn`` re-runs the calling script),
    fed runs on its stdin and answering on its stdout, read by a thread
    here so that neither side ever waits on a full pipe."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.results: dict[int, Any] = {}
        self.ended = False
        self.ready = threading.Condition()
        self.reader = threading.Thread(target=self._read, name="deskui-roll-helper", daemon=True)
        self.reader.start()

    @classmethod
    def start(cls, checker: Checker, cols: dict[str, int]) -> _Helper | None:
        """The helper, or None when none can be started here."""
        import deskui

        if not sys.executable:  # an embedded interpreter: no Python to start
            return None
        root = str(Path(deskui.__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _HELPER_CODE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console
            )
        except OSError:  # no processes here: one process checks every row
            return None
        helper = cls(process)
        town = (checker.villages, checker.officials, checker.today, cols, language())
        return helper if helper._send(town) else None

    def _send(self, message: object) -> bool:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            pickle.dump(message, stdin, protocol=pickle.HIGHEST_PROTOCOL)
            stdin.flush()
        except (OSError, ValueError):  # the helper is gone (a broken pipe)
            return False
        return True

    def submit(self, index: int, lines: list[_Line]) -> bool:
        return self._send((index, lines))

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            while True:
                index, result = pickle.load(stdout)
                with self.ready:
                    self.results[index] = result
                    self.ready.notify_all()
        except Exception:  # the end of its output, or a broken one: no more results
            with self.ready:
                self.ended = True
                self.ready.notify_all()

    def has(self, index: int) -> bool:
        with self.ready:
            return index in self.results

    def result(self, index: int) -> Any:
        """The run's result, or None when the helper ended without it (a
        helper silent for :data:`HELPER_WAIT` is stopped: the runs still out
        are checked here, without waiting again)."""
        with self.ready:
            answered = self.ready.wait_for(lambda: index in self.results or self.ended, HELPER_WAIT)
            if not answered:
                self.ended = True
                self.process.kill()
            return self.results.pop(index, None)

    def close(self) -> None:
        stdin = self.process.stdin
        try:
            if stdin is not None:
                stdin.close()  # the helper's end of input: it stops
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)


def helper_main() -> None:
    """The helper process: the town's data, then runs of rows, on stdin;
    each run's results (Seen and Reject fields as tuples) on stdout."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the results
    villages, officials, today, cols, lang = pickle.load(source)
    set_language(lang)  # the refusals in the clerk's language
    checker = Checker(villages, officials, today)
    while True:
        try:
            index, lines = pickle.load(source)
        except EOFError:
            return
        done = check_rows(checker, cols, _cells(lines))
        seen = [(s.line, s.village_id, s.code, s.id_number, s.head, s.name, s.cells)
                for s in done.seen]  # fmt: skip
        rejects = [(r.row, r.reason, r.values) for r in done.rejects]
        pickle.dump((index, (seen, rejects)), sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()
