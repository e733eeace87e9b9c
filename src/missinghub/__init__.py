"""MissingHub: multi-agency casework and analytics for children who go missing."""

__version__ = "0.1.0"
