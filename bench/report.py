"""Figures as printed: a label, the figure, and its ceiling as a ratio."""

import math
import statistics

WIDTH = 36


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else math.inf


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: list[float], q: float) -> float:
    """Nearest rank of sorted `values`; NaN if there are none."""
    if not values:
        return math.nan
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]


def against(label: str, value: tuple[float, str], ceiling: tuple[str, float, str]) -> str:
    """`label  6,100 ev/s = 0.82 of raw publish 7,400 ev/s`; value (figure, unit), ceiling
    (label, figure, unit)."""
    (figure, unit), (ceiling_label, limit, limit_unit) = value, ceiling
    ratio = figure / limit if limit else math.nan
    return (
        f"{label:<{WIDTH}} {figure:>9,.0f} {unit} = {ratio:.3f} of "
        f"{ceiling_label} {limit:,.0f} {limit_unit}"
    )


def plain(label: str, text: str) -> str:
    return f"{label:<{WIDTH}} {text}"


def millis(seconds: float) -> str:
    return f"{seconds * 1000:>9,.1f} ms"
