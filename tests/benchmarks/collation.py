"""Which index serves the archive's prefix search on PostgreSQL when the
database was created with a language collation (as a Chinese server may
be): the experiment behind migration 0006, kept to rerun.

    uv run python tests/benchmarks/collation.py SOURCE_URL SERVER_URL

SOURCE_URL is a database holding the county demo; SERVER_URL any database
on the same server (a scratch database ``deskui_collation`` is created
there with the ICU ``zh`` collation, filled with the county's search keys,
and dropped afterwards). Three ways are timed on the same rows, for the
benchmark's queries, with EXPLAIN ANALYZE (server time, no network):

- ``zh``: the plain index, the range ``key >= p AND key < p || U+FFFF``
  compared under the database's collation;
- ``pattern``: a ``varchar_pattern_ops`` index, the search as ``LIKE 'p%'``;
- ``C``: the index on ``key COLLATE "C"``, the range compared byte-wise
  (what migration 0006 makes of the column itself).

Each is also checked against the byte-wise answer (the rows SQLite finds).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import psycopg2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from deskui.domain.search import classify_query  # noqa: E402
from tests.benchmarks.run import QUERIES, p95  # noqa: E402

SCRATCH = "deskui_collation"
WAYS = {
    "zh": "town_id = 1 AND kind = ANY(%(kinds)s) AND key >= %(p)s AND key < %(end)s",
    "pattern": "town_id = 1 AND kind = ANY(%(kinds)s) AND key LIKE %(like)s",
    "C": 'town_id = 1 AND kind = ANY(%(kinds)s) AND key COLLATE "C" >= %(p)s '
    'AND key COLLATE "C" < %(end)s',
}
INDEXES = {
    "zh": "CREATE INDEX sk_zh ON sk (town_id, kind, key, household_id)",
    "pattern": "CREATE INDEX sk_pattern ON sk (town_id, kind, key varchar_pattern_ops, "
    "household_id)",
    "C": 'CREATE INDEX sk_c ON sk (town_id, kind, (key COLLATE "C"), household_id)',
}


INDEX_NAMES = {"zh": "sk_zh", "pattern": "sk_pattern", "C": "sk_c"}


def _connect(url: str) -> Any:
    conn = psycopg2.connect(url)
    conn.autocommit = True
    return conn


def main() -> int:
    source, server = sys.argv[1:3]
    admin = _connect(server)
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        cur.execute(
            f"CREATE DATABASE {SCRATCH} TEMPLATE template0 LOCALE_PROVIDER icu "
            "ICU_LOCALE 'zh' LOCALE 'C.UTF-8'"
        )
    scratch_url = server.rsplit("/", 1)[0] + "/" + SCRATCH
    try:
        return _run(source, scratch_url)
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        admin.close()


def _run(source: str, scratch_url: str) -> int:
    import io

    src = _connect(source)
    dst = _connect(scratch_url)
    with dst.cursor() as cur:
        cur.execute(
            "CREATE TABLE sk (key varchar(40), household_id int, kind varchar(2), town_id int)"
        )
        buffer = io.StringIO()
        with src.cursor() as s:
            s.copy_expert(
                "COPY (SELECT key, household_id, kind, town_id FROM search_key) TO STDOUT", buffer
            )
        buffer.seek(0)
        cur.copy_expert("COPY sk FROM STDIN", buffer)
        cur.execute("ANALYZE sk")
        cur.execute("SELECT count(*) FROM sk")
        (rows,) = cur.fetchone()
    out: dict[str, Any] = {"search_keys": rows}
    for way, cond in WAYS.items():
        # one index at a time: the planner cannot borrow another way's
        with dst.cursor() as cur:
            cur.execute("DROP INDEX IF EXISTS sk_zh, sk_pattern, sk_c")
            began = time.perf_counter()
            cur.execute(INDEXES[way])
            build_s = time.perf_counter() - began
            cur.execute("ANALYZE sk")
            cur.execute("SELECT pg_relation_size(%s)", (INDEX_NAMES[way],))
            (index_bytes,) = cur.fetchone()
        times: list[float] = []
        wrong: list[str] = []
        index_used: set[str] = set()
        for _ in range(3):
            for text in QUERIES:
                q = classify_query(text)
                if not q.kinds:
                    continue
                like = q.prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                args = {"kinds": list(q.kinds), "p": q.prefix, "end": q.prefix + "\uffff",
                        "like": like + "%"}  # fmt: skip
                with dst.cursor() as cur:
                    cur.execute(
                        "EXPLAIN (ANALYZE, FORMAT JSON) SELECT household_id FROM sk WHERE " + cond,
                        args,
                    )
                    (plan,) = cur.fetchone()
                    times.append(plan[0]["Execution Time"] + plan[0]["Planning Time"])
                    index_used.add(_index(plan[0]["Plan"]))
                    cur.execute("SELECT count(*) FROM sk WHERE " + cond, args)
                    (found,) = cur.fetchone()
                    cur.execute(
                        "SELECT count(*) FROM sk WHERE town_id = 1 AND kind = ANY(%(kinds)s) "
                        'AND starts_with(key COLLATE "C", %(p)s)',
                        args,
                    )
                    (exact,) = cur.fetchone()
                if found != exact and text not in wrong:
                    wrong.append(f"{text}: {found} for {exact}")
        out[way] = {
            "p50_ms": statistics.median(times),
            "p95_ms": p95(times),
            "index": sorted(index_used),
            "wrong_answers": wrong,
            "index_build_s": build_s,
            "index_mib": index_bytes / 2**20,
        }
    src.close()
    dst.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def _index(node: dict[str, Any]) -> str:
    if "Index Name" in node:
        return str(node["Index Name"])
    for child in node.get("Plans", ()):
        found = _index(child)
        if found != "seq":
            return found
    return "seq" if node["Node Type"] == "Seq Scan" else "-"


if __name__ == "__main__":
    raise SystemExit(main())
