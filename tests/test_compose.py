"""The production stack (docker-compose.yml, deploy/Caddyfile) parses and is safe by default.

`docker compose config` (or Debian's `docker-compose config` where the CLI has no compose plugin) parses the
file without a daemon; `caddy validate` checks the proxy's configuration without starting it. Both are
installed by scripts/ensure-debian-packages.sh.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
LONG_RUNNING = ("proxy", "db", "redis", "web", "worker", "exports")
APP = ("web", "worker", "exports", "beat")


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    assert legacy, "neither `docker compose` nor `docker-compose` is installed (scripts/ensure-debian-packages.sh)"
    return [legacy]


def compose_config(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    """`docker compose config` in a copy of the project's deployment files, with an empty .env."""
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    (tmp_path / ".env").write_text("", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(variables)
    return subprocess.run(
        [*compose_command(), "config"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture
def stack(tmp_path) -> dict:
    result = compose_config(
        tmp_path, SECRET_KEY="x" * 50, ALLOWED_HOSTS="learning.example.kr", SITE_ADDRESS="learning.example.kr"
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_config_validates_the_file(stack):
    assert set(stack["services"]) == {"proxy", "db", "redis", "web", "worker", "exports", "beat"}


def test_compose_refuses_to_start_without_a_secret_key(tmp_path):
    result = compose_config(tmp_path, ALLOWED_HOSTS="learning.example.kr", SITE_ADDRESS="learning.example.kr")

    assert result.returncode != 0
    assert "set SECRET_KEY in .env" in result.stderr


def test_only_the_proxy_is_published(stack):
    published = {name for name, service in stack["services"].items() if service.get("ports")}
    ports = sorted(
        str(port.get("published", port) if isinstance(port, dict) else port).split(":")[0]
        for port in stack["services"]["proxy"]["ports"]
    )

    assert published == {"proxy"}
    assert ports == ["443", "443", "80"]


def test_django_trusts_forwarded_headers_only_from_the_proxys_fixed_address(stack):
    services = stack["services"]
    proxy_address = services["proxy"]["networks"]["internal"]["ipv4_address"]

    assert proxy_address == "172.30.0.2"
    for name in APP:
        assert services[name]["environment"]["TRUSTED_PROXIES"] == proxy_address
        assert services[name]["environment"]["DJANGO_ENV"] == "production"


def test_media_and_exports_live_on_volumes(stack):
    for name in ("web", "worker", "exports"):
        mounts = {
            str(volume).split(":")[1] if isinstance(volume, str) else volume["target"]
            for volume in stack["services"][name]["volumes"]
        }
        assert {"/data/media", "/data/media/exports"} <= mounts, name
    assert {"media", "exports", "postgres"} <= set(stack["volumes"])


def test_every_long_running_service_has_a_healthcheck(stack):
    missing = [name for name in LONG_RUNNING if "test" not in stack["services"][name].get("healthcheck", {})]

    assert missing == []
    assert stack["services"]["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_exports_queue_has_its_own_worker(stack):
    command = stack["services"]["exports"]["command"]
    argv = command if isinstance(command, list) else command.split()

    assert argv[:4] == ["celery", "-A", "learninggroup", "worker"]
    assert argv[argv.index("-Q") + 1] == "exports"


def test_gunicorn_runs_four_workers_behind_the_proxy(stack):
    command = stack["services"]["web"]["command"]
    text = command if isinstance(command, str) else " ".join(command)

    assert "--workers 4" in text
    assert "--bind 0.0.0.0:8000" in text
    assert stack["services"]["web"].get("ports") is None


@pytest.mark.parametrize("issuer", ["acme", "internal"])
def test_the_caddyfile_is_valid(issuer, tmp_path):
    caddy = shutil.which("caddy")
    assert caddy, "caddy is not installed (scripts/ensure-debian-packages.sh)"
    env = {**os.environ, "SITE_ADDRESS": "learning.example.kr", "TLS_ISSUER": issuer, "HOME": str(tmp_path)}

    result = subprocess.run(
        [caddy, "validate", "--adapter", "caddyfile", "--config", str(ROOT / "deploy" / "Caddyfile")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Valid configuration" in result.stdout + result.stderr


def test_the_proxy_forwards_to_gunicorn_with_a_request_id():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")

    assert "reverse_proxy web:8000" in caddyfile
    assert "header_up X-Request-ID {http.request.uuid}" in caddyfile


# The PostgreSQL client each Debian release ships as its own `postgresql-client-N` (without apt.postgresql.org).
DEBIAN_POSTGRESQL = {"bullseye": 13, "bookworm": 15, "trixie": 17}


def image_client_major() -> int:
    """The major version of pg_dump/pg_restore the Dockerfile installs into the image."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    codename = re.search(r"^FROM\s+\S+-(bullseye|bookworm|trixie)\b", dockerfile, re.MULTILINE)
    assert codename, "the Dockerfile's base image names no Debian release"
    debian_own = DEBIAN_POSTGRESQL[codename.group(1)]
    package = re.search(r"\bpostgresql-client(?:-(\d+))?\b", dockerfile)
    assert package, "the image installs no PostgreSQL client: manage.py backup needs pg_dump"
    if package.group(1) is None:
        return debian_own
    major = int(package.group(1))
    outside = "apt.postgresql.org" in dockerfile
    assert major == debian_own or outside, (
        f"postgresql-client-{major} is not in Debian {codename.group(1)} (it has {debian_own}) and the image "
        "adds no apt.postgresql.org repository"
    )
    return major


def test_the_images_pg_dump_is_the_databases_major_version(stack):
    """manage.py backup refuses a pg_dump older than the server (learninggroup/backup.py), and a newer one
    writes dumps that the server's own tools cannot read: the compose database and the image's client agree."""
    image = stack["services"]["db"]["image"]
    server = re.fullmatch(r"(?:docker\.io/(?:library/)?)?postgres:(\d+)(?:[.-][\w.-]*)?", image)

    assert server, f"the database image {image!r} does not pin a PostgreSQL major version"
    assert int(server.group(1)) == image_client_major()
