"""Throwaway servers for ``make bench`` when none is given: a PostgreSQL cluster and a
Redis on free ports in a temporary folder, stopped and removed at the end.

The cluster keeps PostgreSQL's durable defaults (fsync, synchronous_commit): the figures
must hold for a real installation. initdb refuses to run as root, so as root the cluster
belongs to the ``postgres`` system user (``runuser``); otherwise to whoever runs it.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def wait_for_port(port: int, pause: float, tries: int = 100) -> None:
    """Until something listens on ``port`` (at most ``tries`` attempts)."""
    for _ in range(tries):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(pause)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def _as_owner(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """Yield the URL of a new cluster's ``postgres`` database, or None (with the reason
    printed) when PostgreSQL is not installed or does not start."""
    bindir = _postgres_bin()
    if bindir is None:
        print("bench: no PostgreSQL binaries in /usr/lib/postgresql/*/bin: the PostgreSQL-only "
              "figures (inbox, intake) are skipped", flush=True)  # fmt: skip
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    data, password, port = root / "data", secrets.token_hex(16), free_port()
    (root / "pw").write_text(password)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(root / "pw", "postgres")
    ctl = str(bindir / "pg_ctl")
    try:
        subprocess.run(_as_owner([str(bindir / "initdb"), "-D", str(data), "-U", "bench",
                                  "--auth=scram-sha-256", f"--pwfile={root / 'pw'}",
                                  "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True)  # fmt: skip
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        subprocess.run(_as_owner([ctl, "-D", str(data), "-o", options, "-l", str(root / "log"),
                                  "-w", "-t", "60", "start"]),
                       check=True, capture_output=True)  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        print(f"bench: the throwaway PostgreSQL did not start ({exc}; {detail.decode()[-300:]}): "
              "the PostgreSQL-only figures are skipped", flush=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
        yield None
        return
    print(f"bench: throwaway PostgreSQL {bindir.parent.name} on port {port} ({root})", flush=True)
    try:
        yield f"postgres://bench:{password}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([ctl, "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def throwaway_redis() -> Iterator[str | None]:
    """Yield ``redis://127.0.0.1:PORT`` of a new redis-server (no persistence), or None."""
    binary = shutil.which("redis-server")
    if binary is None:
        print("bench: no redis-server installed: the figures that need Redis use "
              "127.0.0.1:6379 if it answers, else they are skipped", flush=True)  # fmt: skip
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="bench-redis-"))
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(root), "--logfile", str(root / "log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port, pause=0.1)
        print(f"bench: throwaway Redis on port {port}", flush=True)
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)
