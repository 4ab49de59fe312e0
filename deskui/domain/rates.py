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

Printing a rate (the one rounding rule, :func:`percent_of`): the percentage
is rounded to one decimal **half up** (四舍五入), computed exactly from the
whole numerator and denominator, never from a binary float: 65 ÷ 80 prints
81.3% and 1 ÷ 16 prints 6.3% (a float formatted with ``:.1f`` rounds the
exact binary value half to even and printed 81.2% and 6.2%). Every printed
rate (the statistics table, the CLI, the exports) is :func:`format_percent`
of the counts, through :meth:`Rate.text` / :meth:`StatColumn.text`; the float
of :func:`ratio` is for sorting and charts only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction

from deskui.i18n import t

SATISFACTION_FLOOR = Fraction(4, 5)


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator ÷ denominator``; ``None`` when the denominator is zero.

    A float, for sorting and charts; to print a rate use
    :func:`format_percent` on the counts themselves."""
    return None if denominator == 0 else numerator / denominator


def _tenths_half_up(value: Fraction) -> Decimal:
    """``value`` rounded half up (away from zero on a tie) to one decimal."""
    tenths = abs(value) * 10
    rounded = int(tenths + Fraction(1, 2))  # floor, tenths >= 0
    return Decimal(rounded if value >= 0 else -rounded).scaleb(-1)


def percent_of(numerator: int, denominator: int) -> Decimal | None:
    """``numerator ÷ denominator`` as a percentage rounded to one decimal,
    half up (四舍五入), in exact arithmetic: ``percent_of(65, 80)`` is
    ``Decimal('81.3')``, ``percent_of(1, 16)`` is ``Decimal('6.3')``,
    ``percent_of(2, 3)`` is ``Decimal('66.7')``. ``None`` when the
    denominator is zero (no matter, no return visit …: there is no rate)."""
    if denominator == 0:
        return None
    return _tenths_half_up(Fraction(numerator * 100, denominator))


def format_percent(numerator: int, denominator: int) -> str:
    """A rate as printed: ``81.3%``, ``100.0%``, or ``—`` for a zero
    denominator; the value is :func:`percent_of`'s."""
    value = percent_of(numerator, denominator)
    return t("common.dash") if value is None else f"{value}%"


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
        """满意率 under 80%, judged on the exact fraction (79.96% is flagged
        although it prints 80.0%); no return visits: not flagged."""
        rate = RATES["satisfaction"]
        visits = rate.denominator(self)
        return visits > 0 and Fraction(rate.numerator(self), visits) < SATISFACTION_FLOOR

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

    def percent(self, counts: Counts) -> Decimal | None:
        """The rate as printed, a percentage rounded half up (:func:`percent_of`)."""
        return percent_of(self.numerator(counts), self.denominator(counts))

    def text(self, counts: Counts) -> str:
        """``81.3%`` or ``—`` (:func:`format_percent`)."""
        return format_percent(self.numerator(counts), self.denominator(counts))


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

    def text(self, counts: Counts) -> str:
        """The cell as printed: the count, or the rate as :func:`format_percent`
        gives it (``81.3%`` / ``—``)."""
        return RATES[self.key].text(counts) if self.rate else str(int(getattr(counts, self.key)))


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
    """A rate already divided (a float from :func:`ratio`) as printed:
    ``87.5%``, or ``—`` for ``None``. Kept for callers that hold only the
    float; prefer :func:`format_percent` on the counts.

    Rounded by the same rule, half up: the float's shortest decimal form
    (``repr``) is taken exactly, and for a ratio of whole numbers that form
    is the ratio itself whenever it sits on a tie (a tie is ``k/2000``, four
    decimals at most), so ``percent(65 / 80)`` is ``81.3%`` like
    ``format_percent(65, 80)``."""
    if value is None:
        return t("common.dash")
    return f"{_tenths_half_up(Fraction(repr(float(value))) * 100)}%"
