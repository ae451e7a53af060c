"""This app's part of the demo seed (called by learninggroup.demo.seed_demo)."""


def seed(*, cohort) -> None:
    """Idempotent: running it twice changes nothing."""
