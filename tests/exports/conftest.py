"""Export test helpers: read a workbook back, and print it through LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Printed:
    pages: int
    text: str
    pdf: Path
    # each page's orientation ("portrait" / "landscape"), from pdfinfo
    orientations: tuple[str, ...] = ()

    def page(self, n: int) -> str:
        """The text of page ``n`` (1 = the first), as pdftotext -layout lays it out."""
        return self.text.split("\f")[n - 1]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def print_pdf(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``print_pdf(xlsx) -> Printed``: LibreOffice headless converts the
    workbook to PDF (as a clerk's printer would see it); pdfinfo counts the
    pages, pdftotext gives the text. CI installs LibreOffice, so there a
    missing one fails; on a developer machine without it the test skips."""
    soffice = _soffice()
    if soffice is None or not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) and poppler-utils are required in CI")
        pytest.skip("LibreOffice is not installed")
    profile = tmp_path / "lo-profile"

    def _print(xlsx: Path) -> Printed:
        out = tmp_path / "pdf"
        out.mkdir(exist_ok=True)
        result = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), str(xlsx)],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        pdf = out / (xlsx.stem + ".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {xlsx.name}: {result.stderr[-800:]}"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = int(next(x.split()[-1] for x in info.stdout.splitlines() if x.startswith("Pages:")))
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        sizes = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        orientations = []
        for x in sizes.splitlines():
            if x.startswith("Page") and " size:" in x:
                width, height = (float(v) for v in x.split("size:")[1].split("pts")[0].split(" x "))
                orientations.append("landscape" if width > height else "portrait")
        return Printed(pages, text, pdf, tuple(orientations))

    return _print


@pytest.fixture
def lo_convert(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``lo_convert(xlsx, "xlsx") -> Path``: the workbook as LibreOffice reads
    and writes it again (a round trip through its own cell model)."""
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice is not installed")
    profile = tmp_path / "lo-profile"

    def _convert(path: Path, fmt: str) -> Path:
        out = tmp_path / f"lo-{fmt}"
        out.mkdir(exist_ok=True)
        result = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", fmt, "--outdir", str(out), str(path)],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        converted = out / f"{path.stem}.{fmt}"
        assert converted.exists(), (
            f"LibreOffice did not convert {path.name}: {result.stderr[-800:]}"
        )
        return converted

    return _convert
