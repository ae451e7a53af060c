"""Settings of the real Celery worker the kill test starts: the project's, plus the slow test exporter."""

from learninggroup.settings import *  # noqa: F403

EXPORTERS = [*EXPORTERS, "tests.exports.slow.SlowExporter", "tests.exports.slow.SlowBatches"]  # noqa: F405
EXPORT_SPLIT = True  # the split export test runs its batches on this worker
