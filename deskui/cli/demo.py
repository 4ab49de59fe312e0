"""``deskui demo --out PATH``: build a demo database (tiny / town / county)."""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from deskui.cli.runtime import Runtime, console, err_console
from deskui.config import redact_url
from deskui.domain.errors import ValidationError
from deskui.i18n import t

SCALES = ("tiny", "town", "county")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help=t("demo.help"), description=t("demo.description"))
    # also spelled --db: ``deskui demo --scale county --db postgresql://…``
    p.add_argument(
        "--out",
        "--db",
        dest="out",
        required=True,
        metavar=t("demo.out_metavar"),
        help=t("demo.out_help"),
    )
    p.add_argument("--scale", choices=SCALES, default="town", help=t("demo.scale_help"))
    p.add_argument("--seed", type=int, default=1, help=t("demo.seed_help"))
    p.add_argument("--force", action="store_true", help=t("demo.force_help"))
    p.set_defaults(handler=run_demo)


def check_out(out: str, force: bool) -> None:
    """A usable ``--out``: an existing folder, and no file there unless ``--force``
    (which removes it, with its -wal/-shm companions)."""
    if "://" in out:
        return
    path = Path(out).expanduser()
    if path.is_dir():
        raise ValidationError(t("demo.is_folder", path=out), field="out")
    if not path.parent.is_dir():
        raise ValidationError(t("demo.no_folder", folder=str(path.parent)), field="out")
    if path.exists():
        if not force:
            raise ValidationError(t("demo.exists", path=out), field="out")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def run_demo(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.demo.build import build_demo

    check_out(args.out, args.force)
    clock = runtime.settings.clock
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(t("demo.building"), total=None)

        def report(label: str, done: int, total: int) -> None:
            bar.update(task, description=label, completed=done, total=total)

        stats = build_demo(
            args.out,
            scale=args.scale,
            seed=args.seed,
            today=clock.today(),
            now=clock.now(),
            settings=runtime.settings.with_db(args.out),
            progress=report,
        )
    table = Table(
        title=t("demo.title", target=redact_url(args.out), scale=args.scale, seed=args.seed)
    )
    table.add_column(t("demo.col_item"))
    table.add_column(t("demo.col_count"), justify="right")
    for f in fields(stats):
        if f.name != "seconds":
            table.add_row(t(f"demo.count.{f.name}"), f"{getattr(stats, f.name):,}")
    console.print(table)
    console.print(t("demo.seconds", seconds=f"{stats.seconds:.1f}"))
    console.print(t("demo.password_note"))
    return 0
