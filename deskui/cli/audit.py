"""``deskui audit``: the audit trail, per record or per operator (leader/admin)."""

from __future__ import annotations

import argparse
import json

from rich.table import Table

from deskui.cli.runtime import Runtime, console, print_json
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help=t("auditcli.help"), description=t("auditcli.help"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--operator",
        dest="audit_operator",
        metavar=t("cli.operator_metavar"),
        help=t("auditcli.operator_help"),
    )
    who.add_argument("--table", metavar=t("auditcli.table_metavar"), help=t("auditcli.table_help"))
    p.add_argument("--record", type=int, metavar="ID", help=t("auditcli.record_help"))
    p.add_argument("--limit", type=int, default=200, help=t("auditcli.limit_help"))
    p.add_argument("--json", action="store_true", help=t("cli.json_help"))
    p.set_defaults(handler=run_audit)


def run_audit(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.domain.errors import ValidationError
    from deskui.services.audit import by_operator, history

    ctx = runtime.context()
    if args.table is not None:
        if args.record is None:
            raise ValidationError(t("auditcli.need_record"), field="record")
        rows = history(ctx, args.table, args.record)
        title = t("auditcli.title_record", table=args.table, record=args.record)
    else:
        rows = by_operator(ctx, args.audit_operator, limit=max(1, args.limit))
        title = t("auditcli.title_operator", operator=args.audit_operator)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        console.print(t("auditcli.empty"))
        return 0
    table = Table(title=title)
    for key in ("at", "operator", "action", "table", "record", "changes", "note"):
        table.add_column(t(f"auditcli.col.{key}"), overflow="fold")
    for r in rows:
        table.add_row(
            r.at.strftime("%Y-%m-%d %H:%M:%S"),
            r.operator,
            r.action,
            r.table,
            "" if r.record_id is None else str(r.record_id),
            json.dumps(r.changes, ensure_ascii=False)[:300] if r.changes else "",
            r.note,
        )
    console.print(table)
    return 0
