"""The architecture of docs/architecture.md, checked: app edges by import-linter, imports in function bodies
only for a reason from the closed list."""

import configparser
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
REASONS = {"task calls its service", "service enqueues its task", "app registry not ready", "slow import"}
NOQA = re.compile(r"#\s*noqa:\s*PLC0415(?P<rest>.*)$")


def _local_apps() -> set[str]:
    return {path.parent.name for path in ROOT.glob("*/apps.py")}


def test_the_import_contracts_hold():
    result = subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / ".importlinter")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_app_is_checked_by_the_contracts():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    checked = set(config["importlinter"]["root_packages"].split())
    layered = set(re.findall(r"[a-z_]+", config["importlinter:contract:layers"]["layers"]))
    assert _local_apps() <= checked, f"add to .importlinter's root_packages: {sorted(_local_apps() - checked)}"
    assert _local_apps() <= layered, f"give these apps a layer in .importlinter: {sorted(_local_apps() - layered)}"


def test_every_import_in_a_function_body_gives_a_reason_from_the_list():
    unexplained = []
    app_code = [path for app in sorted(_local_apps()) for path in sorted((ROOT / app).rglob("*.py"))]
    for path in [*app_code, *sorted(ROOT.glob("*.py"))]:
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = NOQA.search(line)
            if found is None:
                continue
            reason = found["rest"].strip().removeprefix("--").strip()
            if reason not in REASONS:
                unexplained.append(f"{relative}:{number}: {reason or '(no reason)'}")
    assert unexplained == []


def test_the_architecture_note_lists_the_same_reasons():
    note = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for reason in REASONS:
        assert f"`{reason}`" in note
