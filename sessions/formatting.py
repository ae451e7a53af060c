"""Sessions format dates with the project's one style (learninggroup.dates)."""

from learninggroup.dates import clock, day_label, day_time, local, time_range, when

__all__ = ["clock", "day_label", "day_time", "local", "time_range", "when"]
