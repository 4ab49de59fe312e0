"""The audit log's hash chain: each row's hash covers the row and the hash
of the row before it, so a row changed or removed behind the program's back
(a database tool, a hand edit) breaks the chain from that row on.

The canonical form below is frozen: every stored hash depends on it. Change
it only with a migration that recomputes the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from json.encoder import encode_basestring  # the encoder's own, for ensure_ascii=False

GENESIS = ""  # the "previous hash" of the very first row

# json.dumps([…], ensure_ascii=False, separators=(",", ":")): the row's
# canonical text (built piece by piece below, the same text)
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def link(
    previous: str,
    at: dt.datetime,
    operator_id: int | None,
    operator_name: str,
    action: str,
    table: str,
    record_id: int | None,
    changes: str,
    note: str,
) -> str:
    """The hash of one audit row chained to ``previous`` (hex SHA-256)."""
    payload = ",".join(
        (
            _json(previous),
            _json(at.isoformat(sep=" ")),
            _json(operator_id),
            _json(operator_name),
            _json(action),
            _json(table),
            _json(record_id),
            _json(changes),
            _json(note),
        )
    )
    return hashlib.sha256(f"[{payload}]".encode()).hexdigest()


def _json(value: object) -> str:
    """``value`` as :data:`_CANONICAL` writes it inside the list (texts,
    whole numbers and None, the usual values, without the encoder's set-up
    a call; anything else through the encoder itself)."""
    if value.__class__ is str:
        return encode_basestring(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    if value.__class__ is int:
        return str(value)
    return _CANONICAL.encode(value)
