"""Real parts for the fault tests, each the test's own: a throwaway PostgreSQL cluster, a
redis-server, SMTP servers (one that works, one that accepts and never answers) and the app
served by werkzeug from a thread. A missing binary skips the test with one line, unless
CXFLOW_REQUIRE_SERVICES=1."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from email import message_from_bytes
from pathlib import Path

import psycopg
import pytest
import redis
from aiosmtpd.controller import Controller
from werkzeug.serving import make_server

from tests.helpers import free_port

PG_BIN = Path(os.environ.get("CXFLOW_PG_BIN", "/usr/lib/postgresql/15/bin"))


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CXFLOW_REQUIRE_SERVICES"):
        raise RuntimeError(f"{reason} (CXFLOW_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def require_binary(path: str | Path) -> str:
    found = shutil.which(str(path))
    if found is None:
        skip_or_fail(f"{path} not installed")
    return found


def wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class PostgresCluster:
    """initdb into a temporary directory and a postmaster on a spare port of 127.0.0.1 (never
    the machine's shared server). As root, the cluster runs as the `postgres` user."""

    def __init__(self):
        self.initdb = require_binary(PG_BIN / "initdb")
        self.pg_ctl = require_binary(PG_BIN / "pg_ctl")
        self.root = Path(tempfile.mkdtemp(prefix="cxflow-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root
            self._as_user = [require_binary("runuser"), "-u", "postgres", "--"]
            try:
                shutil.chown(self.root, "postgres")
            except LookupError:
                skip_or_fail("no `postgres` user to run a PostgreSQL cluster as")
        self._run(self.initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-N")

    def _run(self, *command: str) -> None:
        subprocess.run(
            [*self._as_user, *command], check=True, capture_output=True, text=True, timeout=120
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off"
        )
        log = self.root / "server.log"
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self, name: str) -> str:
        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped already
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    """redis-server on a spare port, no persistence; `kill()` takes it away mid-test."""

    def __init__(self, port: int | None = None):
        self.binary = require_binary("redis-server")
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        wait_for(answers, "redis-server to start", 15)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(15)


class Mailbox:
    """An aiosmtpd handler keeping every accepted message."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def smtp_server(port: int | None = None) -> tuple[Controller, Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller, mailbox


class SilentSmtp:
    """Accepts connections and never says a word (not even the greeting)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return  # closed
            self.accepted.append(connection)

    def close(self) -> None:
        self.socket.close()
        for connection in self.accepted:
            connection.close()


class LiveServer:
    """The app served by werkzeug's threaded server from a thread (real sockets, one thread
    per request, as under a threaded WSGI server)."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self._thread.join(10)
