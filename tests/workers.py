"""Real Celery workers for tests: a clean Redis database and `celery worker` subprocesses."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip() -> redis.Redis:
    """An emptied test Redis database; skip without Redis unless CI requires the services."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CXFLOW_REQUIRE_SERVICES"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    client.flushdb()
    return client


def start_worker(database_url: str, **env) -> subprocess.Popen:
    """`celery -A make_celery worker` on the test Redis and `database_url`, output captured."""
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "make_celery",
        "worker",
        "--pool=solo",
        "--loglevel=warning",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]
    environment = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, **env}
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
