"""`manage.py export`: the same exporters from the command line, with a progress bar, and `--list`."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook


def test_list_prints_one_identifier_a_line():
    out = io.StringIO()
    call_command("export", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["attendance-xlsx", "attendance-signin-pdf"]
    assert "casebook-pdf" in lines and "certificates-pdf" in lines
    assert all(" " not in line or line.endswith(" (contest)") for line in lines)


def test_export_writes_the_file_into_the_folder_with_a_progress_bar(attended_cohort, tmp_path):
    cohort, _people = attended_cohort
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "export", "attendance-xlsx", "--cohort", str(cohort.pk), "--out", str(tmp_path), stdout=out, stderr=err
    )

    path = out.getvalue().strip()
    assert path == str(tmp_path / f"{cohort.name} 출석.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[2][0] == "김민준"
    assert [p.name for p in tmp_path.iterdir()] == [f"{cohort.name} 출석.xlsx"]  # no partial file left


def test_export_refuses_unknown_exporters_and_cohorts(cohort, tmp_path):
    with pytest.raises(CommandError, match="no exporter"):
        call_command("export", "nothing", "--cohort", str(cohort.pk), "--out", str(tmp_path))
    with pytest.raises(CommandError, match="no such cohort"):
        call_command("export", "attendance-xlsx", "--cohort", "999999", "--out", str(tmp_path))
