#!/usr/bin/env bash
# Every figure the README's performance tables quote, in one go, for a quiet
# machine (nothing else running: the figures are only worth quoting then).
#
#   tests/benchmarks/quiet_run.sh postgresql://USER@HOST/COUNTY [RESULTS_DIR]
#
# COUNTY is an existing PostgreSQL database holding the county demo
# (`deskui demo --scale county --out URL`); nobody else may be connected to
# it: the intake and the desks work on copies made from it as a template.
# The SQLite county is tests/benchmarks/.cache/county.db (built on first use,
# about a minute). Writes RESULTS_DIR/*.json (default tests/benchmarks/
# results, the names the README cites), prints the summary table and the
# run's duration. 15 minutes on the 2-core development VM (at load 2–5).
#
# Not rerun here: collation.json (an experiment on the search index, see
# tests/benchmarks/collation.py) and the two loaded runs the README keeps for
# comparison (postgresql-loaded.json, desks-postgresql-16-earlier.json).
set -euo pipefail

if [ $# -lt 1 ]; then
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
PG="$1"
cd "$(dirname "$0")/../.."
OUT="${2:-tests/benchmarks/results}"
mkdir -p "$OUT"
RUN=(uv run python tests/benchmarks/run.py)
ONE_CORE=(taskset -c 0)
started=$(date +%s)

step() { echo; echo "== $(date +%H:%M:%S) $*" >&2; }

step "SQLite county, two cores, every figure → latest.json"
"${RUN[@]}" --out "$OUT/latest.json"

step "PostgreSQL county, two cores, every figure (+ the ledger on SQLite, plans, connect) → postgresql.json"
"${RUN[@]}" --db "$PG" --out "$OUT/postgresql.json"
uv run python - "$OUT" <<'EOF'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
run = json.loads((out / "postgresql.json").read_text(encoding="utf-8"))
keep = {k: v for k, v in run.items() if k.startswith("ledger") or k in
        ("machine", "cpus", "python", "when", "database", "cores", "load_average_before",
         "load_average_after")}
(out / "ledger-postgresql.json").write_text(json.dumps(keep, ensure_ascii=False, indent=2),
                                            encoding="utf-8")
EOF

step "start-up only, five of each → startup-sqlite.json, startup-postgresql.json"
"${RUN[@]}" --only startup --repeat 5 --out "$OUT/startup-sqlite.json"
"${RUN[@]}" --db "$PG" --only startup --repeat 5 --out "$OUT/startup-postgresql.json"

step "two cores, then one (taskset -c 0): start-up, search, intake"
for db in sqlite postgresql; do
    if [ "$db" = sqlite ]; then target=(); else target=(--db "$PG"); fi
    parts=(--only startup --only app --only intake --repeat 3)
    "${RUN[@]}" "${target[@]}" "${parts[@]}" --out "$OUT/two-core-$db.json"
    "${ONE_CORE[@]}" "${RUN[@]}" "${target[@]}" "${parts[@]}" --out "$OUT/one-core-$db.json"
done

step "several desks: 1, 4, 16 on PostgreSQL; 1, 4 on SQLite"
for n in 1 4 16; do
    "${RUN[@]}" --db "$PG" --desks "$n" --out "$OUT/desks-postgresql-$n.json"
done
for n in 1 4; do
    "${RUN[@]}" --desks "$n" --out "$OUT/desks-sqlite-$n.json"
done

uv run python tests/benchmarks/summary.py "$OUT"
elapsed=$(( $(date +%s) - started ))
echo "quiet_run.sh took $((elapsed / 60)) min $((elapsed % 60)) s"
