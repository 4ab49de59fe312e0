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

GENESIS = ""  # the "previous hash" of the very first row

# json.dumps(…, ensure_ascii=False, separators=(",", ":")) without building
# an encoder a row (the same text)
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
    payload = _CANONICAL.encode(
        [
            previous,
            at.isoformat(sep=" "),
            operator_id,
            operator_name,
            action,
            table,
            record_id,
            changes,
            note,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
