"""The embedded Bolt server: ArcadeDB (Apache-2.0, bundled JRE, Neo4j 5 compatible Bolt)
in a child process, bound to 127.0.0.1 on free ports, with a database for the graph."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque

from paperkg.errors import ServerError

USER = "neo4j"  # created by arcade_main beside ArcadeDB's root, with the same password: Browser's default
DATABASE = "paperkg"


STATE = ".serve.json"  # in OUT while `paperkg serve` runs: where to find it (never the password)
DB_DIR = "arcadedb"  # the embedded database persists here, next to the build
_LOADED = "loaded-from.json"


def database_root(out: str) -> str:
    return os.path.join(out, DB_DIR)


def write_state(out: str, srv: "EmbeddedServer") -> str:
    import json

    path = os.path.join(out, STATE)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"uri": srv.uri, "user": srv.user, "database": srv.database, "pid": os.getpid()}, fh)
    return path


def clear_state(out: str) -> None:
    try:
        os.remove(os.path.join(out, STATE))
    except FileNotFoundError:
        pass


def read_state(out: str) -> dict | None:
    """The running server of this build, or None (no state file, its process gone, or its
    port closed: a state file left by a killed serve is ignored)."""
    import json

    try:
        with open(os.path.join(out, STATE), encoding="utf-8") as fh:
            state = json.load(fh)
        os.kill(int(state["pid"]), 0)
        host, port = state["uri"].rsplit("//", 1)[1].rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=1):
            return state
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _digest(out: str) -> str:
    import hashlib

    with open(os.path.join(out, "build.json"), "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def ensure_loaded(out: str, srv: "EmbeddedServer", driver, graph_loader, progress=None) -> bool:
    """Push the build into the server's database unless it already holds exactly this build
    (same manifest); returns whether it pushed."""
    from paperkg.export.neo4j_bolt import push

    marker = os.path.join(srv.root, _LOADED)
    want = _digest(out)
    try:
        with open(marker, encoding="utf-8") as fh:
            if fh.read().strip() == want:
                return False
    except OSError:
        pass
    graph = graph_loader(out)
    push(graph, srv.uri, srv.user, srv.password, srv.database, driver=driver, prune=True, progress=progress)
    with open(marker, "w", encoding="utf-8") as fh:
        fh.write(want + "\n")
    return True


def warm(driver, database: str | None) -> int:
    """Read every paper's relationships and what they point at once, so that the first queries
    after a start do not wait on cold pages (Neo4j warms its page cache at start-up the same
    way); returns how many relationships were read."""
    with driver.session(database=database) as s:
        return s.run("MATCH (:Paper)-[r]->(x) RETURN count(x.id) AS c").single()["c"]


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # as a server binds: connections of a server just stopped (TIME_WAIT) do not make it busy
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedServer:
    """``with EmbeddedServer() as srv: srv.uri, srv.user, srv.password, srv.database``."""

    def __init__(self, root: str | None = None, bolt_port: int | None = None, http_port: int | None = None,
                 password: str | None = None, database: str = DATABASE) -> None:
        self._tmp = None if root else tempfile.TemporaryDirectory(prefix="paperkg-arcadedb-")
        self.root = os.path.abspath(root or self._tmp.name)
        self.bolt_port = bolt_port or free_port()
        self.http_port = http_port or free_port()
        self.password = password or secrets.token_urlsafe(12)
        self.user = USER
        self.database = database
        self._proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/"

    def start(self, timeout: float = 180) -> "EmbeddedServer":
        for name, port in (("--bolt-port", self.bolt_port), ("--http-port", self.http_port)):
            if not port_free(port):
                raise ServerError(f"port {port} on 127.0.0.1 is in use; choose another with {name}")
        os.makedirs(self.root, mode=0o700, exist_ok=True)
        os.chmod(self.root, 0o700)  # the database and its credentials are the owner's alone
        env = {**os.environ, "PAPERKG_SERVER_PASSWORD": self.password}
        cmd = [sys.executable, "-m", "paperkg.export.arcade_main", "--root", self.root,
               "--bolt-port", str(self.bolt_port), "--http-port", str(self.http_port), "--database", self.database]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      env=env, text=True, bufsize=1, umask=0o077)
        tail: deque[str] = deque(maxlen=15)
        deadline = time.monotonic() + timeout
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            tail.append(line.rstrip())
            if "READY bolt=" in line:
                break
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(f"embedded server did not start within {timeout:.0f}s")
        else:
            code = self._proc.wait()
            last = next((t for t in reversed(tail) if t.strip()), "no output")
            raise ServerError(f"embedded server exited with status {code}: {last[:300]}")
        # keep draining its output so the child never blocks on a full pipe
        import threading

        threading.Thread(target=lambda: [None for _ in self._proc.stdout], daemon=True).start()
        return self

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                proc.stdin.close()
                proc.wait(timeout=60)
            except (subprocess.TimeoutExpired, OSError):
                proc.kill()
                proc.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "EmbeddedServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
