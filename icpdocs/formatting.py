"""Numbers, money, dates and enum values written the way people read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from icpdocs.catalog import Range

_SCALES = ((1e9, "B"), (1e6, "M"), (1e3, "k"))


def number(value: float | int | None) -> str:
    """Return 12,500 for 12500 and 2.5 for 2.5; an em dash for no value."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def money(value: float | int | None) -> str:
    """Return $96,000 for 96000."""
    return "—" if value is None else f"${number(value)}"


def money_short(value: float | int | None) -> str:
    """Return $139.2M for 139200000: for charts, cards and ranges."""
    if value is None:
        return "—"
    for scale, suffix in _SCALES:
        if abs(value) >= scale:
            return f"${number(round(value / scale, 1))}{suffix}"
    return money(value)


def percent(value: float | int | None) -> str:
    """Return 27% for 27 and 3.5% for 3.47; small shares keep one decimal."""
    if value is None:
        return "—"
    if value == 0 or abs(value) >= 10:
        return f"{round(value):,}%"
    return f"{number(round(value, 1))}%"


def date(value: str | dt.date | None) -> str:
    """Return 14 Oct 2026 for 2026-10-14; text that is not a date is returned as is."""
    if value is None or value == "":
        return "—"
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {day:%b %Y}"


def words(value: str) -> str:
    """Return 'Economic buyer' for 'economic-buyer' and 'C-level' for 'c-level'."""
    text = str(value).replace("_", " ")
    text = text if text.startswith("c-") else text.replace("-", " ")
    return text[:1].upper() + text[1:]


def bounds(value: Range | None, *, unit: str = "", short_money: bool = False) -> str:
    """Return '800 to 5,000', 'at least 200' or 'at most 50' for a range."""
    if value is None:
        return "—"
    show = money_short if short_money else number
    low, high = value.min, value.max
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{show(low)} to {show(high)}{suffix}"
    if low is not None:
        return f"at least {show(low)}{suffix}"
    return f"at most {show(high)}{suffix}" if high is not None else "—"


def listing(items: Iterable[Any], *, conjunction: str = "and") -> str:
    """Return 'a, b and c'."""
    values = [str(item) for item in items]
    if len(values) < 2:
        return "".join(values)
    return f"{', '.join(values[:-1])} {conjunction} {values[-1]}"


_OPERATORS = {
    "eq": "is {}", "ne": "is not {}", "in": "is {}", "not_in": "is {}", "gte": "is at least {}",
    "lte": "is at most {}", "between": "is between {}", "contains": "includes {}",
}


def criterion(attribute: str, op: str, value: Any) -> str:
    """Return a fit rule in plain words: 'Employees is between 800 and 5,000'."""
    return f"{words(attribute)} {_OPERATORS.get(op, op + ' {}').format(_operand(op, value))}"


def _operand(op: str, value: Any) -> str:
    if isinstance(value, (list, tuple)):
        shown = [_scalar(v) for v in value]
        if op == "between" and len(shown) == 2:
            return f"{shown[0]} and {shown[1]}"
        if op == "not_in":
            return _none_of(shown)
        return listing(shown, conjunction="or")
    return _scalar(value)


def _none_of(shown: list[str]) -> str:
    if len(shown) == 1:
        return f"not {shown[0]}"
    if len(shown) == 2:
        return f"neither {shown[0]} nor {shown[1]}"
    return f"none of {listing(shown, conjunction='or')}"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(value)
    return str(value)
