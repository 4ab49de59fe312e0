"""What an importer of the town's own records reports: how many rows are new,
changed, unchanged, and every refusal with its sheet, row, column, value and
reason (the rejects workbook lists them), plus warnings and the sheets read.
The officials' roll and the legacy matter ledger both report this way."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Refusal:
    sheet: str
    row: int  # the row number in the sheet (1 = the first line)
    column: str  # the header of the column at fault ('' for the whole row)
    value: str
    reason: str


@dataclass
class SheetCount:
    name: str
    rows: int = 0  # data rows read (title, header and footer rows aside)
    refused: int = 0


@dataclass
class ImportSummary:
    file: str
    dry_run: bool = False
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sheets: list[SheetCount] = field(default_factory=list)

    def refuse(self, sheet: SheetCount, row: int, column: str, value: object, reason: str) -> None:
        sheet.refused += 1
        self.refused.append(Refusal(sheet.name, row, column, str(value or ""), reason))
