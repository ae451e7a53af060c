"""A real Celery worker (on the real Redis) logs its task with the id of the request that sent it."""

import io
import json
import logging
import os
import time

import pytest
from celery import shared_task

from learninggroup.celery import app as celery_app
from learninggroup.logs import ContextFilter, JsonFormatter, request_id_var

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it to the local Redis)"),
]


@pytest.fixture
def worker(transactional_db):
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as started:
        yield started
    celery_app.conf.task_always_eager = True


@shared_task(name="tests.log_probe")
def log_probe(*, cohort_id: int) -> str:
    return "ok"


def test_the_workers_task_line_carries_the_sending_requests_id(worker):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    logging.getLogger().addHandler(handler)
    token = request_id_var.set("1f2e3d4c5b6a4798a1b2c3d4e5f60718")
    try:
        log_probe.apply_async(kwargs={"cohort_id": 7})
        request_id_var.reset(token)
        deadline = time.monotonic() + 30
        tasks = []
        while not tasks and time.monotonic() < deadline:
            time.sleep(0.2)
            lines = [json.loads(line) for line in stream.getvalue().splitlines()]
            tasks = [line for line in lines if line.get("event") == "task"]
    finally:
        logging.getLogger().removeHandler(handler)

    [task] = tasks
    assert (task["task"], task["state"], task["cohort_id"]) == ("tests.log_probe", "SUCCESS", 7)
    assert task["request_id"] == "1f2e3d4c5b6a4798a1b2c3d4e5f60718"
    assert task["task_id"]
