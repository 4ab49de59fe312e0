"""What the desk's start-up imports, checked deterministically (not timed):
each line of the start path that a desk on a SQLite file never needs stays
unimported until it is needed (the start-up goal: ≤ 1.3× a bare Textual app,
README "Performance")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Modules that cost start-up time and that a desk opening on its first tab
# (the queue) never uses: the spreadsheet library and the exports, the
# PostgreSQL driver and peewee's URL parser (which imports every driver it
# knows), the pinyin and holiday tables, ID-number checks, the other tabs.
NOT_AT_START = [
    "openpyxl",
    "deskui.exports",
    "psycopg2",
    "playhouse.db_url",
    "pypinyin",
    "chinese_calendar",
    "stdnum",
    "tomllib",
    "textual.widgets._text_area",
    "deskui.tui.dialogs.lock",
    "deskui.tui.tabs.archive",
    "deskui.tui.tabs.matters",
    "deskui.tui.tabs.roster",
    "deskui.tui.tabs.stats",
]


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DESKUI_DATA_DIR": str(tmp_path / "data"),
             "DESKUI_CONFIG_DIR": str(tmp_path / "conf"), "DESKUI_TODAY": "2026-11-24"},
    )  # fmt: skip
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_the_desk_starts_without_what_its_first_screen_does_not_use(tmp_path: Path) -> None:
    # The whole start path on a SQLite file, through the real entry point:
    # the desk opens, shows its first tab's rows and exits.
    demo = tmp_path / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "deskui", "demo", "--scale", "tiny", "--out", str(demo)],
        check=True, capture_output=True, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DESKUI_DATA_DIR": str(tmp_path / "data"),
             "DESKUI_CONFIG_DIR": str(tmp_path / "conf"), "DESKUI_TODAY": "2026-11-24"},
    )  # fmt: skip
    code = f"""
import sys
sys.path.insert(0, {str(ROOT / "tests" / "benchmarks")!r})
import start_app
start_app._desk({str(demo)!r})
"""
    modules = _modules_after(code, tmp_path)
    assert "deskui.tui.tabs.queue.pane" in modules  # the desk did start
    assert [name for name in NOT_AT_START if _loaded(modules, name)] == []


def test_a_textual_widget_imported_later_speaks_chinese(tmp_path: Path) -> None:
    # Textual's widgets a dialog needs later are imported then, not at
    # start-up; their keys are still described in Chinese.
    code = """
import sys
import deskui.tui.app
assert "textual.widgets._text_area" not in sys.modules
from textual.widgets import TextArea
from deskui.tui.textual_zh import WORDS
english = [b.description for bs in TextArea._merged_bindings.key_to_bindings.values()
           for b in bs if b.description in WORDS]
print(english)
assert english == [], english
"""
    _modules_after(code, tmp_path)
