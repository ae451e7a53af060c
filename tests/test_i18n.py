"""Korean first: every string a person reads is translated, and the compiled catalogue is current."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/ko/LC_MESSAGES/django.po"
MO = ROOT / "locale/ko/LC_MESSAGES/django.mo"
SOURCE_DIRS = ("learninggroup", "notifications", "sessions", "teams", "submissions", "contests", "exports", "templates")


def msgfmt_statistics(po: Path, out: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(out), str(po)], capture_output=True, text=True, check=True
    )
    return result.stderr.strip()


def test_every_extracted_string_has_a_korean_translation(tmp_path):
    """Extract the strings from a copy of the sources, merged with our catalogue: none may be untranslated."""
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale/ko/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO, tmp_path / "locale/ko/LC_MESSAGES/django.po")

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    statistics = msgfmt_statistics(tmp_path / "locale/ko/LC_MESSAGES/django.po", tmp_path / "check.mo")

    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics


def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    fresh = tmp_path / "fresh.mo"
    msgfmt_statistics(PO, fresh)

    with open(MO, "rb") as committed, open(fresh, "rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog
