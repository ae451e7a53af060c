"""SQLite (the `make run` default) without 500s: two simultaneous saves of one submission get one save and one
conflict message (409), never HTTP 500 "database is locked". Runs the race in a process of its own on a SQLite
file, whatever database the suite uses."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 10


def test_two_simultaneous_saves_on_sqlite_get_the_conflict_message(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "learninggroup.settings",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.sqlite.race", str(ROUNDS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers = Counter(line for line in result.stdout.splitlines() if line)

    print(dict(answers))
    # Each round: one save goes through (302), the other is told someone saved first (409).
    assert answers == {"302 -": ROUNDS, "409 -": ROUNDS}
