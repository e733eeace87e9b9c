"""Kaplan-Meier estimates with Greenwood confidence intervals, and the log-rank test.

Pure NumPy/Polars. The confidence interval is the exponential ("log-log") Greenwood interval,
the same one lifelines reports, so it always stays inside [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_Z_95 = 1.959963984540054


@dataclass(frozen=True)
class SurvivalCurve:
    """A Kaplan-Meier curve at each distinct time (event or censoring) in the data."""

    time: FloatArray
    at_risk: IntArray
    events: IntArray
    censored: IntArray
    survival: FloatArray
    greenwood_var: FloatArray  # Greenwood variance of S(t)
    ci_lower: FloatArray
    ci_upper: FloatArray
    confidence: float = 0.95
    label: str = ""

    def at(self, times: npt.ArrayLike) -> FloatArray:
        """S(t) for arbitrary times (right-continuous step function; 1 before the first time)."""
        index = np.searchsorted(self.time, np.asarray(times, dtype=np.float64), side="right")
        padded = np.concatenate(([1.0], self.survival))
        return np.asarray(padded[index], dtype=np.float64)

    def sample(self, times: npt.ArrayLike) -> list[dict[str, float | str]]:
        """Rows of S(t) and its interval at chosen times (for charts of very long curves)."""
        grid = np.asarray(times, dtype=np.float64)
        index = np.searchsorted(self.time, grid, side="right")
        pad = np.concatenate(([1.0], self.survival)), np.concatenate(([1.0], self.ci_lower))
        upper = np.concatenate(([1.0], self.ci_upper))
        return [
            {
                "group": self.label,
                "time": float(t),
                "survival": float(pad[0][i]),
                "ci_lower": float(pad[1][i]),
                "ci_upper": float(upper[i]),
            }
            for t, i in zip(grid, index, strict=True)
        ]

    @property
    def median(self) -> float:
        """Smallest time at which S(t) <= 0.5, or infinity if the curve never gets there."""
        below = np.flatnonzero(self.survival <= 0.5)
        return float(self.time[below[0]]) if below.size else math.inf

    def rows(self) -> list[dict[str, float | int | str]]:
        return [
            {
                "group": self.label,
                "time": float(t),
                "at_risk": int(n),
                "events": int(d),
                "censored": int(c),
                "survival": float(s),
                "ci_lower": float(lo),
                "ci_upper": float(hi),
            }
            for t, n, d, c, s, lo, hi in zip(
                self.time,
                self.at_risk,
                self.events,
                self.censored,
                self.survival,
                self.ci_lower,
                self.ci_upper,
                strict=True,
            )
        ]


def event_table(
    durations: FloatArray, events: npt.NDArray[np.bool_]
) -> tuple[FloatArray, IntArray, IntArray]:
    """Distinct times ascending, with the events and removals (events + censored) at each.

    One integer sort, no hashing: a non-negative float's bits order as an integer, so each
    duration's bits shifted left carry the censoring flag in the freed lowest bit.
    """
    if not durations.size or durations.min() < 0:
        return _event_table_searched(durations, events)
    bits = durations.astype(np.float64).view(np.uint64) << np.uint64(1)
    ordered = np.sort(bits | (~events).astype(np.uint64))
    value = ordered >> np.uint64(1)
    starts = np.flatnonzero(np.concatenate(([True], value[1:] != value[:-1])))
    removed = np.diff(np.append(starts, ordered.size)).astype(np.int64)
    censored = np.add.reduceat((ordered & np.uint64(1)).astype(np.int64), starts)
    return value[starts].view(np.float64), removed - censored, removed


def _event_table_searched(
    durations: FloatArray, events: npt.NDArray[np.bool_]
) -> tuple[FloatArray, IntArray, IntArray]:
    """event_table by two value sorts and sorted look-ups (any sign of duration)."""
    ordered = np.sort(durations)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    time = ordered[starts]
    removed = np.diff(np.append(starts, ordered.size)).astype(np.int64)
    event_times = np.sort(durations[events])
    found = np.searchsorted(event_times, time, "right") - np.searchsorted(event_times, time)
    return time, found.astype(np.int64), removed


def frame_event_table(
    frame: pl.DataFrame, duration: str, event: str
) -> tuple[FloatArray, IntArray, IntArray]:
    """event_table of a frame's columns (a null or NaN duration is grouped as Polars does)."""
    durations = frame.get_column(duration).cast(pl.Float64)
    if durations.null_count() or durations.is_nan().any():
        table = (
            frame.group_by(durations.alias("time"))
            .agg(pl.col(event).cast(pl.Int64).sum().alias("events"), pl.len().alias("removed"))
            .sort("time")
        )
        return (
            table.get_column("time").to_numpy().astype(np.float64),
            table.get_column("events").to_numpy().astype(np.int64),
            table.get_column("removed").to_numpy().astype(np.int64),
        )
    observed = frame.get_column(event).cast(pl.Boolean).fill_null(False)
    return event_table(durations.to_numpy(), observed.to_numpy())


def kaplan_meier_frame(
    frame: pl.DataFrame,
    duration: str = "duration",
    event: str = "event",
    confidence: float = 0.95,
    label: str = "",
) -> SurvivalCurve:
    """Kaplan-Meier curve from a frame with a duration column and a boolean event column."""
    if frame.height == 0:
        raise ValueError("no observations for a Kaplan-Meier curve")
    if frame.get_column(duration).min() < 0:  # type: ignore[operator]
        raise ValueError("negative durations")
    return curve_from_table(*frame_event_table(frame, duration, event), confidence, label)


def curve_from_table(
    time: FloatArray, events: IntArray, removed: IntArray, confidence: float = 0.95, label: str = ""
) -> SurvivalCurve:
    """Kaplan-Meier curve from an event table (see event_table)."""
    at_risk = removed.sum() - np.concatenate(([0], np.cumsum(removed)[:-1]))
    return _curve(time, at_risk, events, removed - events, confidence, label)


def kaplan_meier(
    durations: npt.ArrayLike,
    observed: npt.ArrayLike,
    confidence: float = 0.95,
    label: str = "",
) -> SurvivalCurve:
    """Kaplan-Meier curve from arrays of durations and event flags (False = censored)."""
    frame = pl.DataFrame(
        {
            "duration": np.asarray(durations, dtype=np.float64),
            "event": np.asarray(observed, dtype=bool),
        }
    )
    return kaplan_meier_frame(frame, confidence=confidence, label=label)


def _curve(
    time: FloatArray,
    at_risk: IntArray,
    events: IntArray,
    censored: IntArray,
    confidence: float,
    label: str,
) -> SurvivalCurve:
    n = at_risk.astype(np.float64)
    d = events.astype(np.float64)
    survival: FloatArray = np.cumprod(1.0 - d / n).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(n > d, d / (n * (n - d)), 0.0)
    cumulative = np.cumsum(terms)
    lower, upper = _log_log_interval(survival, cumulative, _z(confidence))
    return SurvivalCurve(
        time=time,
        at_risk=at_risk,
        events=events,
        censored=censored,
        survival=survival,
        greenwood_var=survival**2 * cumulative,
        ci_lower=lower,
        ci_upper=upper,
        confidence=confidence,
        label=label,
    )


def _log_log_interval(
    survival: FloatArray, cumulative: FloatArray, z: float
) -> tuple[FloatArray, FloatArray]:
    """Exponential Greenwood interval: S ** exp(±z * sqrt(V) / |log S|)."""
    lower = survival.copy()
    upper = survival.copy()
    inside = (survival > 0) & (survival < 1)
    log_s = np.log(survival[inside])
    spread = z * np.sqrt(cumulative[inside]) / np.abs(log_s)
    lower[inside] = np.exp(log_s * np.exp(spread))
    upper[inside] = np.exp(log_s * np.exp(-spread))
    return lower, upper


def _z(confidence: float) -> float:
    if math.isclose(confidence, 0.95):
        return _Z_95
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return _normal_quantile(1 - (1 - confidence) / 2)


def _normal_quantile(p: float) -> float:
    """Inverse standard normal CDF by bisection on erfc (accurate to ~1e-12)."""
    low, high = -10.0, 10.0
    for _ in range(100):
        mid = (low + high) / 2
        if 0.5 * math.erfc(-mid / math.sqrt(2)) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


@dataclass(frozen=True)
class LogRankResult:
    statistic: float
    degrees_of_freedom: int
    p_value: float
    observed: dict[str, int] = field(default_factory=dict)
    expected: dict[str, float] = field(default_factory=dict)


def log_rank_test(
    frame: pl.DataFrame, group: str = "group", duration: str = "duration", event: str = "event"
) -> LogRankResult:
    """Log-rank test that the survival curves of all groups in `group` are the same."""
    labels = sorted(str(g) for g in frame.get_column(group).unique().to_list())
    if len(labels) < 2:
        raise ValueError("the log-rank test needs at least two groups")
    names = frame.get_column(group).cast(pl.String)
    tables = [frame_event_table(frame.filter(names == label), duration, event) for label in labels]
    return log_rank_from_tables(labels, tables)


def log_rank_from_tables(
    labels: list[str], tables: list[tuple[FloatArray, IntArray, IntArray]]
) -> LogRankResult:
    """Log-rank test from each group's event table (see event_table), groups in label order."""
    d, removed = _per_group_matrix(tables)
    gone_before = np.cumsum(removed, axis=1) - removed
    at_risk = removed.sum(axis=1)[:, None] - gone_before
    observed, expected, variance = _log_rank_terms(d, at_risk)
    diff = (observed - expected)[:-1]
    statistic = float(diff @ np.linalg.solve(variance[:-1, :-1], diff))
    dof = len(labels) - 1
    return LogRankResult(
        statistic=statistic,
        degrees_of_freedom=dof,
        p_value=chi2_sf(statistic, dof),
        observed={k: int(v) for k, v in zip(labels, observed, strict=True)},
        expected={k: float(v) for k, v in zip(labels, expected, strict=True)},
    )


def _per_group_matrix(
    tables: list[tuple[FloatArray, IntArray, IntArray]],
) -> tuple[FloatArray, FloatArray]:
    """Events and removals per (group, distinct time), times ascending, as dense matrices."""
    every = np.sort(np.concatenate([time for time, _, _ in tables]))
    times = every[np.concatenate(([True], every[1:] != every[:-1]))]
    d = np.zeros((len(tables), times.size), dtype=np.float64)
    removed = np.zeros((len(tables), times.size), dtype=np.float64)
    for g, (time, events, gone) in enumerate(tables):
        column = np.searchsorted(times, time)
        d[g, column] = events
        removed[g, column] = gone
    return d, removed


def _log_rank_terms(
    d: FloatArray, at_risk: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Observed and expected events per group and the variance matrix; arrays are (group, time).

    Times without events add exactly zero to every sum, so no row is picked out (no copies);
    with nobody at risk (n = 0) there can be no events either, and n - 1 <= 0 only when the
    factor's numerator is zero.
    """
    n, total_d = at_risk.sum(axis=0), d.sum(axis=0)
    share = at_risk / np.maximum(n, 1.0)
    expected = share @ total_d
    factor = total_d * (n - total_d) / np.maximum(n - 1.0, 1.0)
    weighted = factor * share
    variance = np.diag(weighted.sum(axis=1)) - weighted @ share.T
    return d.sum(axis=1), expected, variance


def chi2_sf(x: float, dof: int) -> float:
    """Upper tail of the chi-squared distribution with an integer number of degrees of freedom."""
    if x <= 0:
        return 1.0
    half = x / 2
    if dof % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, dof // 2):
            term *= half / i
            total += term
        return math.exp(-half) * total
    total = math.erfc(math.sqrt(half))
    term = math.sqrt(half) / math.gamma(1.5)
    for i in range(1, (dof - 1) // 2 + 1):
        total += math.exp(-half) * term
        term *= half / (i + 0.5)
    return min(1.0, total)
