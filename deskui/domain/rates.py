"""The month's figures and the rates computed from them, each defined ONCE.

The statistics sheet, the CLI and the 统计 tab all read the rates from here,
and print the formula text that comes with each rate (FORMS.md §2):

- 办结率 = 办结件数 ÷ 受理代办件数
- 按时办结率 = 按时办结 ÷ 应办结件数, where 应办结件数 = 办结件数 + 超期未办结
  (accepted matters whose deadline has passed or that are done)
- 满意率 = (满意 + 基本满意) ÷ 回访件数
- 调处成功率 = 调处成功 ÷ 调处纠纷
- 包联户联系率 = 本月已联系户数 ÷ 包联户数

A zero denominator gives ``None`` (printed ``—``), never 0% or an error.
An official whose 满意率 is under 80% is flagged (一票否决, seed 004).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields

from deskui.i18n import t

SATISFACTION_FLOOR = 0.8


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator ÷ denominator``; ``None`` when the denominator is zero."""
    return None if denominator == 0 else numerator / denominator


@dataclass(frozen=True)
class Counts:
    """The counted figures of one unit (village, official or town) for a month."""

    service_days: int = 0  # 服务日次数
    visitors: int = 0  # 接待群众人次
    answered: int = 0  # 当场答复
    home_visits: int = 0  # 入户走访户次 (contacts with mode 登门)
    accepted: int = 0  # 受理代办件数
    done: int = 0  # 办结件数
    on_time: int = 0  # 按时办结
    late: int = 0  # 超时办结
    open: int = 0  # 未办结
    overdue_open: int = 0  # 超期未办结
    return_visits: int = 0  # 回访件数
    satisfied: int = 0  # 满意
    fairly_satisfied: int = 0  # 基本满意
    unsatisfied: int = 0  # 不满意
    disputes: int = 0  # 调处纠纷
    disputes_settled: int = 0  # 调处成功
    liaison: int = 0  # 包联户数
    contacted: int = 0  # 本月已联系户数

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @classmethod
    def total(cls, items: Iterable[Counts]) -> Counts:
        out = cls()
        for item in items:
            out = out + item
        return out

    @property
    def due(self) -> int:
        """应办结件数: accepted matters that are done or whose deadline has passed."""
        return self.done + self.overdue_open

    @property
    def completion_rate(self) -> float | None:
        return RATES["completion"].of(self)

    @property
    def on_time_rate(self) -> float | None:
        return RATES["on_time"].of(self)

    @property
    def satisfaction_rate(self) -> float | None:
        return RATES["satisfaction"].of(self)

    @property
    def mediation_rate(self) -> float | None:
        return RATES["mediation"].of(self)

    @property
    def contact_rate(self) -> float | None:
        return RATES["contact"].of(self)

    @property
    def below_floor(self) -> bool:
        """满意率 under 80% (no return visits: not flagged)."""
        rate = self.satisfaction_rate
        return rate is not None and rate < SATISFACTION_FLOOR

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Rate:
    """A rate: its numerator and denominator as functions of the counts, and
    the formula printed under the statistics table."""

    key: str
    numerator: Callable[[Counts], int]
    denominator: Callable[[Counts], int]

    @property
    def name(self) -> str:
        return t(f"rates.name.{self.key}")

    @property
    def formula(self) -> str:
        return t(f"rates.formula.{self.key}")

    def of(self, counts: Counts) -> float | None:
        return ratio(self.numerator(counts), self.denominator(counts))


RATES: dict[str, Rate] = {
    r.key: r
    for r in (
        Rate("completion", lambda c: c.done, lambda c: c.accepted),
        Rate("on_time", lambda c: c.on_time, lambda c: c.due),
        Rate("satisfaction", lambda c: c.satisfied + c.fairly_satisfied, lambda c: c.return_visits),
        Rate("mediation", lambda c: c.disputes_settled, lambda c: c.disputes),
        Rate("contact", lambda c: c.contacted, lambda c: c.liaison),
    )
}


@dataclass(frozen=True)
class StatColumn:
    """A column of the statistics table: a count field or a rate key."""

    key: str
    rate: bool = False

    @property
    def header(self) -> str:
        return RATES[self.key].name if self.rate else t(f"rates.col.{self.key}")

    def value(self, counts: Counts) -> int | float | None:
        return RATES[self.key].of(counts) if self.rate else int(getattr(counts, self.key))


# FORMS.md §2, in print order (after the 单位/姓名 column).
STAT_COLUMNS: tuple[StatColumn, ...] = (
    StatColumn("service_days"),
    StatColumn("visitors"),
    StatColumn("answered"),
    StatColumn("home_visits"),
    StatColumn("accepted"),
    StatColumn("done"),
    StatColumn("on_time"),
    StatColumn("late"),
    StatColumn("open"),
    StatColumn("overdue_open"),
    StatColumn("completion", rate=True),
    StatColumn("on_time", rate=True),
    StatColumn("return_visits"),
    StatColumn("satisfied"),
    StatColumn("fairly_satisfied"),
    StatColumn("unsatisfied"),
    StatColumn("satisfaction", rate=True),
    StatColumn("disputes"),
    StatColumn("disputes_settled"),
    StatColumn("mediation", rate=True),
    StatColumn("liaison"),
    StatColumn("contacted"),
    StatColumn("contact", rate=True),
)


def formulas() -> list[str]:
    """The printed formulas, in the order the rates appear in the table."""
    return [
        RATES[key].formula
        for key in ("completion", "on_time", "satisfaction", "mediation", "contact")
    ]


def percent(value: float | None) -> str:
    """A rate as printed: ``87.5%``, or ``—`` for a zero denominator."""
    return t("common.dash") if value is None else f"{value * 100:.1f}%"
