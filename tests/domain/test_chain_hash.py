"""The audit chain's canonical form is frozen: every stored hash depends on it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.audit_chain import GENESIS, link

AT = dt.datetime(2026, 12, 1, 9, 30, 5, 123456)


def _reference(previous: str, at: dt.datetime, *rest: object) -> str:
    payload = json.dumps(
        [previous, at.isoformat(sep=" "), *rest], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_a_known_row_keeps_its_hash() -> None:
    digest = link(GENESIS, AT, 1, "admin", "新增", "resident", 7, '{"name": [null, "张三"]}', "")
    assert digest == "45b8672a969cc7b12470a363cd3ca760203f83ea54e4882027a10e9f633bf98a"


@settings(derandomize=True, max_examples=200, deadline=None)
@given(
    st.text(max_size=64),
    st.one_of(st.none(), st.integers(min_value=0, max_value=2**40)),
    st.text(max_size=20),
    st.text(max_size=80),
    st.text(max_size=40),
)
def test_the_hash_is_sha256_of_the_canonical_json(
    previous: str, record: int | None, name: str, changes: str, note: str
) -> None:
    args = (3, name, "修改", "household", record, changes, note)
    assert link(previous, AT, *args) == _reference(previous, AT, *args)
