"""MissingHub analytics: figures on episodes of children missing from home, care or education.

A plain Python library (Polars, DuckDB-free core, NumPy) that never imports Django: the web app
calls it, never the other way round. See docs/analytics.md for each figure's definition.
"""

from missinghub_analytics.frames import (
    CME_COLUMNS,
    EPISODE_COLUMNS,
    Period,
    load_cme,
    load_episodes,
)

__all__ = ["CME_COLUMNS", "EPISODE_COLUMNS", "Period", "load_cme", "load_episodes"]
