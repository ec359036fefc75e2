"""A private PostgreSQL primary and a streaming replica, made for the tests and removed
after: Debian's PostgreSQL (``pg_createcluster``, ``pg_basebackup -R``), as root.

Never the server other work uses: these tests restart the primary.
"""

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

VERSION_DIR = Path("/usr/lib/postgresql")
PREFIX = "rr_ops_"


@dataclass
class Cluster:
    version: str
    name: str
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/readingroom"

    @property
    def data(self) -> Path:
        return Path(f"/var/lib/postgresql/{self.version}/{self.name}")

    def ctl(self, action: str, *options: str) -> None:
        sh("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action, *options)

    def drop(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, self.name], capture_output=True)

    def ready(self) -> bool:
        done = subprocess.run(
            ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True
        )
        return done.returncode == 0


def sh(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {done.stdout}{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_ready(cluster: Cluster, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not cluster.ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"PostgreSQL {cluster.name} did not start")
        time.sleep(0.2)


def drop_leftovers() -> None:
    """Clusters of earlier runs that were killed before they could remove theirs."""
    for line in sh("pg_lsclusters", "--no-header").splitlines():
        version, name = line.split()[:2]
        pid = name.removeprefix(PREFIX).split("_")[0]
        if name.startswith(PREFIX) and pid.isdigit() and not Path(f"/proc/{pid}").exists():
            Cluster(version, name, 0).drop()


def make_primary_and_replica() -> tuple[Cluster, Cluster]:
    version = sorted(path.name for path in VERSION_DIR.iterdir())[-1]
    drop_leftovers()
    tag = f"{PREFIX}{os.getpid()}"
    primary = Cluster(version, f"{tag}_primary", free_port())
    replica = Cluster(version, f"{tag}_replica", free_port())
    # trust on loopback only: the cluster listens on localhost and lives for one run.
    sh("pg_createcluster", version, primary.name, "-p", str(primary.port), "--", "--auth=trust")
    primary.ctl("start")
    wait_ready(primary)
    sh("createdb", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "readingroom")
    sh("pg_createcluster", version, replica.name, "-p", str(replica.port), "--", "--auth=trust")
    for entry in replica.data.iterdir():  # the folder stays: postgres owns it
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    sh(
        "runuser", "-u", "postgres", "--", "pg_basebackup", "-h", "127.0.0.1",
        "-p", str(primary.port), "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream",
    )  # fmt: skip
    replica.ctl("start")
    wait_ready(replica)
    return primary, replica


@pytest.fixture(scope="session")
def pg_cluster():
    """(primary, replica): a private PostgreSQL pair on free ports, dropped at the end."""
    if not shutil.which("pg_createcluster") or not VERSION_DIR.is_dir():
        pytest.skip("Debian's PostgreSQL is missing (apt-get install postgresql)")
    if os.geteuid() != 0:
        pytest.skip("making a PostgreSQL cluster needs root (CI runs as root)")
    primary, replica = make_primary_and_replica()
    try:
        yield primary, replica
    finally:
        replica.drop()
        primary.drop()
