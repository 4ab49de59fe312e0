"""The layering contracts hold, and they fail the build when broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent))


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    assert LINT, "import-linter is not installed"
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "deskui", tmp_path / "deskui", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_contracts_are_kept() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("deskui/domain/text.py", "import textual", "Domain stays pure"),
        ("deskui/store/database.py", "import textual.app", "Only the tui imports textual"),
        ("deskui/tui/__init__.py", "from deskui.store import models", "never skip to the models"),
        ("deskui/cli/base.py", "import peewee", "never skip to the models"),
        ("deskui/domain/privacy.py", "import deskui.services.audit", "Layers"),
        (
            "deskui/services/queue/visits.py",
            "import deskui.services.demo.names",
            "No service depends on the demo builder",
        ),
        (
            "deskui/services/audit.py",
            "import deskui.services.matters.cards",
            "The shared service modules import no area",
        ),
    ],
)
def test_a_violation_breaks_the_build(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    tree = _copy(tmp_path)
    target = tree / module
    target.write_text(
        target.read_text(encoding="utf-8") + f"\n{line}  # injected\n", encoding="utf-8"
    )
    result = _lint(tree)
    assert result.returncode != 0
    assert contract in result.stdout
    assert "BROKEN" in result.stdout
