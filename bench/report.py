"""Figures as printed: a label, the figure, and its ceiling as a ratio."""

import math

WIDTH = 36


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else math.inf


def percentile(values: list[float], q: float) -> float:
    """Nearest rank of sorted `values`; NaN if there are none."""
    if not values:
        return math.nan
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]


def against(label: str, value: float, unit: str, ceiling_label: str, ceiling: float) -> str:
    ratio = value / ceiling if ceiling else math.nan
    return (
        f"{label:<{WIDTH}} {value:>9,.0f} {unit} = {ratio:.2f} of "
        f"{ceiling_label} {ceiling:,.0f} {unit}"
    )


def plain(label: str, text: str) -> str:
    return f"{label:<{WIDTH}} {text}"


def millis(seconds: float) -> str:
    return f"{seconds * 1000:>9,.1f} ms"
