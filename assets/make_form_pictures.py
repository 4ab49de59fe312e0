"""Picture page 1 of every printed form on the town demo (README "The printed
forms"): build the demo (seed 1, 2026-11-24 09:30), export each form with the
CLI, print it to PDF through LibreOffice and render page 1 as a PNG in
``assets/forms/``.

    uv run python assets/make_form_pictures.py

Needs LibreOffice (soffice) and poppler (pdftoppm). The PNGs are committed;
this script says how they were made. ``FORMS`` is also the list the tests
print (tests/exports/test_demo_forms.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "forms"
TODAY, NOW = "2026-11-24", "2026-11-24T09:30"
MEETING = "2026-11-23"
VILLAGE = "中坝村"  # a village of the town demo

# picture name → (the caption, the ``deskui export`` arguments)
FORMS: dict[str, tuple[str, list[str]]] = {
    "ledger": ("服务群众销号台账", ["ledger", "--month", "2026-11"]),
    "stats": ("驻村服务日工作月统计表", ["stats", "--month", "2026-11"]),
    "roster": ("值班表（全镇一览）", ["roster", "--month", "2026-11"]),
    "roster-list": ("值班安排表（逐日）", ["roster", "--month", "2026-11", "--list"]),
    "notices": ("服务日公告", ["roster", "--month", "2026-11", "--notices", "--village", VILLAGE]),
    "visits": ("接待登记簿", ["visits", "--date", "2026-11-17"]),
    "cards": ("代办事项受理卡（附回执）", ["cards", "--date", "2026-11-17", "--receipt"]),
    "supervision": ("督办单", ["supervision", "--date", MEETING]),
    "contact-cards": ("便民服务明白卡", ["contact-cards"]),
    "matters": ("代办事项台账（导出格式）", ["matters", "--month", "2026-11"]),
    "roll": ("农户花名册", ["households", "--village", VILLAGE]),
    "blocks": ("民情档案一户一档", ["households", "--blocks", "--village", VILLAGE]),
    "contacts": ("包联户联系情况表", ["contacts", "--month", "2026-11"]),
}


def export_all(db: Path, folder: Path) -> dict[str, Path]:
    """Every form of :data:`FORMS` written from the demo at ``db`` into ``folder``
    (the meeting's 督办单 issued first)."""
    from deskui.cli import main

    # the demo's administrator signs in (every demo operator's password is 123456)
    base = ["--db", str(db), "--operator", "admin"]
    before = os.environ.get("DESKUI_PASSWORD")
    os.environ["DESKUI_PASSWORD"] = "123456"
    try:
        return _export_all(main, base, folder)
    finally:
        if before is None:
            del os.environ["DESKUI_PASSWORD"]
        else:
            os.environ["DESKUI_PASSWORD"] = before


def _export_all(main: Callable[[list[str]], int], base: list[str], folder: Path) -> dict[str, Path]:
    if main([*base, "supervision", "issue", "--meeting", MEETING]) != 0:
        raise SystemExit("issuing the meeting's 督办单 failed")
    out: dict[str, Path] = {}
    for key, (_caption, args) in FORMS.items():
        path = folder / f"{key}.xlsx"
        if main([*base, "export", *args, "--out", str(path)]) != 0:
            raise SystemExit(f"exporting {key} failed")
        out[key] = path
    return out


def to_pdf(xlsx: Path, folder: Path, profile: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(xlsx)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder / f"{xlsx.stem}.pdf"


def main() -> int:
    os.environ["DESKUI_TODAY"], os.environ["DESKUI_NOW"] = TODAY, NOW
    import datetime as dt

    from deskui.services.demo.build import build_demo

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["DESKUI_CONFIG_DIR"] = str(work / "config")
        os.environ["DESKUI_DATA_DIR"] = str(work / "data")
        db = work / "town.db"
        now = dt.datetime.fromisoformat(NOW)
        build_demo(str(db), scale="town", seed=1, today=now.date(), now=now)
        for key, xlsx in export_all(db, work).items():
            pdf = to_pdf(xlsx, work, work / "lo-profile")
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                 str(pdf), str(OUT / key)],
                check=True,
            )  # fmt: skip
            print(OUT / f"{key}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
