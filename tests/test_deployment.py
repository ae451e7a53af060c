"""The deployment files agree with the code, and the production profile passes Django's deploy checks.

docker-compose.yml and the Procfile may only run programs the project really has; .env.example
documents every variable settings.py reads. No database is needed.
"""

from __future__ import annotations

import importlib
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands

import learninggroup

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
SETTINGS_VARIABLE = re.compile(r"""\benv\.\w+\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    entries = [line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip(): command.strip() for name, command in entries}


def settings_variables() -> list[str]:
    source = (ROOT / "learninggroup" / "settings.py").read_text(encoding="utf-8")
    return sorted(set(SETTINGS_VARIABLE.findall(source)))


def programs(command: str | list[str]) -> list[list[str]]:
    """The programs a command line runs, each as its argv: `sh -c "a && b"` gives a and b."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:2] in (["sh", "-c"], ["bash", "-c"]):
        return programs(argv[2])
    result: list[list[str]] = [[]]
    for word in argv:
        if word in ("&&", "||", ";"):
            result.append([])
        else:
            result[-1].append(word)
    return [words for words in result if words]


def assert_project_program(argv: list[str]) -> None:
    """The program exists in the project: the WSGI app, the Celery app, or a manage.py command."""
    program = argv[0]
    if program == "gunicorn":
        spec = argv[1]
        assert ":" in spec and not spec.startswith("-"), f"gunicorn's first argument must be module:app in {argv}"
        module_name, attribute = spec.split(":", 1)
        module = importlib.import_module(module_name)
        assert callable(getattr(module, attribute, None)), f"{spec} is not a WSGI application"
    elif program == "celery":
        assert argv[1] == "-A", f"celery must be told the app first (-A) in {argv}"
        app = find_app(argv[2])
        assert isinstance(app, Celery)
        assert app is learninggroup.celery_app
        assert argv[3] in ("worker", "beat"), f"unexpected celery command {argv[3]!r}"
    elif program in ("python", "python3"):
        assert argv[1] == "manage.py", f"python runs only manage.py here, not {argv}"
        assert (ROOT / "manage.py").is_file()
        assert argv[2] in get_commands(), f"manage.py has no command {argv[2]!r}"
    else:
        pytest.fail(f"{program!r} is not a program this project provides: {argv}")


def test_compose_has_every_service():
    assert set(compose()["services"]) >= {"db", "redis", *APP_SERVICES}


def test_web_worker_and_beat_share_one_image():
    services = compose()["services"]
    builds = [services[name].get("build") for name in APP_SERVICES]
    images = [services[name].get("image") for name in APP_SERVICES]
    assert builds[0] and builds == [builds[0]] * len(APP_SERVICES)
    assert images[0] and images == [images[0]] * len(APP_SERVICES)


@pytest.mark.parametrize("service", APP_SERVICES)
def test_compose_commands_run_project_programs(service):
    command = compose()["services"][service]["command"]
    argvs = programs(command)
    assert argvs
    for argv in argvs:
        assert_project_program(argv)


def test_compose_web_migrates_before_serving():
    argvs = programs(compose()["services"]["web"]["command"])
    assert [argv[0] for argv in argvs] == ["python", "gunicorn"]
    assert argvs[0][1:3] == ["manage.py", "migrate"]


def test_dockerfile_default_command_runs_project_program():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert cmd, "the Dockerfile has no exec-form CMD"
    assert_project_program(yaml.safe_load(cmd.group(1)))


def test_procfile_runs_project_programs():
    entries = procfile()
    assert {"web", "worker", "beat"} <= set(entries)
    for command in entries.values():
        for argv in programs(command):
            assert_project_program(argv)


def test_env_example_documents_every_setting():
    names = settings_variables()
    assert "SECRET_KEY" in names and "DATABASE_URL" in names  # the pattern still finds them
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = [name for name in names if not re.search(rf"^#?\s*{name}=", example, re.MULTILINE)]
    assert missing == []


def test_production_profile_passes_deploy_checks(tmp_path):
    # The server's environment: none of our settings, and not the browser tests' async-safety switch.
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in settings_variables() and name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        ALLOWED_HOSTS="learning.example.kr",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        DJANGO_SETTINGS_MODULE="learninggroup.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output
