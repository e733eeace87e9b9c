"""Episodes prepared once for many figures: child codes, report times and the (child, time) order.

Several figures need each child's episodes together (outcomes, bursts) or counts per child
(repeat concentration, the published table). Coding millions of text child ids and sorting them
by child and time costs about a second at national scale; `prepare_episodes` does the coding
once, the sort the first time a figure needs it, and every figure function accepts the result
in place of the episode frame (given a plain frame, a figure prepares it itself).

The prepared episodes hold their own copy of the frame (Polars shares the column buffers, so it
costs nothing), so a later in-place change to the caller's frame cannot make the codes or the
order stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub_analytics.frames import Period
from missinghub_analytics.localtime import to_microseconds
from missinghub_analytics.timelines import IntArray, Timeline, child_codes, microseconds

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class PreparedEpisodes:
    """Episodes with their child codes and report times (microseconds), row by row.

    `source` is the whole episode frame and `keep` the rows of it these episodes are (None: all),
    so that a figure can take just the columns it needs before rows are filtered.
    """

    source: pl.DataFrame
    keep: BoolArray | None
    codes: IntArray
    reported: IntArray

    @classmethod
    def of(cls, frame: pl.DataFrame) -> PreparedEpisodes:
        return cls(
            frame.clone(),
            None,
            child_codes(frame.get_column("child_id")),
            microseconds(frame.get_column("reported_at")),
        )

    @property
    def height(self) -> int:
        return self.codes.size

    @cached_property
    def frame(self) -> pl.DataFrame:
        """The episodes as a frame (every column)."""
        return self.columns(*self.source.columns)

    def columns(self, *names: str) -> pl.DataFrame:
        """Just these columns of the episodes (cheaper than `frame` when rows are filtered)."""
        part = self.source.select(names)
        return part if self.keep is None else part.filter(pl.Series(self.keep))

    @cached_property
    def timeline(self) -> Timeline:
        """Report times sorted by (child code, time): computed on first use, then kept."""
        return Timeline.build(self.codes, self.reported)

    def in_period(self, period: Period) -> PreparedEpisodes:
        """The episodes reported on a local date inside the period (codes stay valid)."""
        start, end = to_microseconds(period.start_utc), to_microseconds(period.end_utc)
        inside = (self.reported >= start) & (self.reported < end)
        if inside.all():
            return self
        return self._subset(inside)

    def _subset(self, inside: BoolArray) -> PreparedEpisodes:
        keep = inside.copy()
        if self.keep is not None:
            keep = self.keep.copy()
            keep[self.keep] = inside
        part = PreparedEpisodes(self.source, keep, self.codes[inside], self.reported[inside])
        if "timeline" in self.__dict__:  # a subset of a sorted order is still sorted
            part.__dict__["timeline"] = _timeline_subset(self.timeline, inside)
        return part


EpisodeData: TypeAlias = pl.DataFrame | PreparedEpisodes


def prepare_episodes(episodes: EpisodeData) -> PreparedEpisodes:
    """The episodes prepared for the figures (prepared episodes are returned as they are)."""
    if isinstance(episodes, PreparedEpisodes):
        return episodes
    return PreparedEpisodes.of(episodes)


def episode_frame(episodes: EpisodeData, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """The plain episode frame (just `columns` when given), for figures that need no codes."""
    if isinstance(episodes, PreparedEpisodes):
        return episodes.frame if columns is None else episodes.columns(*columns)
    return episodes if columns is None else episodes.select(columns)


def _timeline_subset(timeline: Timeline, keep: BoolArray) -> Timeline:
    """The timeline of the kept rows, renumbered to the subset's row numbers."""
    kept_sorted = keep[timeline.order]
    new_row = np.cumsum(keep) - 1
    return Timeline(
        new_row[timeline.order[kept_sorted]],
        timeline.codes[kept_sorted],
        timeline.times[kept_sorted],
    )
