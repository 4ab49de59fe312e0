"""Child process for the ledger benchmark: the county-month ledger of every
town, styled by deskui (``styled``) or the same cells by plain openpyxl
(``plain``); prints wall seconds, peak RSS and lines written as JSON.

    python tests/benchmarks/ledger_child.py styled|plain DB OUT_DIR MONTH
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from openpyxl import Workbook
from peak import peak_mib  # this folder is sys.path[0] for a script

from deskui.config import load_settings
from deskui.exports.ledger import line, write_ledger
from deskui.services.context import open_context
from deskui.services.figures.ledger import ledger_rows, ledger_villages
from deskui.services.figures.month import month_period
from deskui.services.town.towns import list_towns


def main() -> None:
    mode, db, out_dir, month = sys.argv[1:5]
    ctx = open_context(load_settings(db))
    began = time.perf_counter()
    lines = 0
    for town_id, _name in list_towns(ctx):
        ctx.town_id = town_id
        path = Path(out_dir) / f"{mode}-{town_id}.xlsx"
        if mode == "styled":
            lines += write_ledger(ctx, path, month).rows
            continue
        period = month_period(ctx, month, None)
        villages = ledger_villages(ctx, None)
        wb = Workbook(write_only=True)
        for name, covered in [("全镇", villages), *((v.name, [v]) for v in villages)]:
            ws = wb.create_sheet(name[:31])
            seq = 0
            for v in covered:
                for row in ledger_rows(ctx, period, v.id):
                    seq += 1
                    ws.append(line(seq, row))
            if len(covered) == 1:
                lines += seq
        wb.save(path)
    ctx.close()
    print(json.dumps({
        "seconds": time.perf_counter() - began,
        "peak_mib": peak_mib(),
        "lines": lines,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
