"""The command's temporary Prefect API server, started without importing Prefect's server code.

`prefect.server.api.server.SubprocessASGIServer` does what this does, but importing that module
(FastAPI app, database layer, every route) costs the CLI process ~2.5 CPU-seconds (8 s on a busy
machine) before the server process, which imports it all again, can even start. This starts the
same server process, with the same command line and environment as Prefect 3.8.8's
`SubprocessASGIServer._run_uvicorn_command` (`tests/unit/test_cli.py` compares them), returns at
once, and waits for its health endpoint only when asked: the caller imports the flows meanwhile.

No Prefect import here at all (the point: the server boots while the CLI imports Prefect);
`textmill.flows` stays the only module that defines tasks and flows.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

PORT_RANGE = range(8000, 9000)  # Prefect's own range for its temporary servers
PORT_IN_USE_EXIT = 3  # uvicorn's exit status when the port was taken after we picked it


def server_command(port: int) -> list[str]:
    # where prefect is installed, without importing it (~2 s): the server boots meanwhile
    package = Path(importlib.util.find_spec("prefect").origin).parent
    return [sys.executable, "-m", "uvicorn", "--app-dir", str(package.parent),
            "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on"]


SERVER_VARIABLES = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


def server_environment() -> dict[str, str]:
    """Ours plus the three Prefect sets. Prefect also passes the settings it has loaded from a
    profile or settings file; the server process loads the same files itself (same PREFECT_HOME
    and working folder), so they are not repeated here, and Prefect need not be imported first."""
    return {**os.environ, **SERVER_VARIABLES}


def api_url_may_be_configured(cwd: Path | None = None) -> bool:
    """False only when no source Prefect reads an API URL from could hold one: the environment,
    the profiles file, or prefect.toml / .env / pyproject.toml in the working folder (checked
    for the setting's names, not parsed). True means: ask Prefect's settings (slow import)."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect"))
    folder = cwd or Path.cwd()
    for source in (Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")),
                   folder / "prefect.toml", folder / ".env", folder / "pyproject.toml"):
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "PREFECT_API_URL" in text or "[api]" in text or "prefect.api" in text:
            return True
    return False


def _free_port() -> int:
    for _ in range(10):
        port = random.choice(PORT_RANGE)
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            try:
                sock.bind(("127.0.0.1", port))
                return port
            except OSError:
                time.sleep(random.uniform(0.1, 0.5))
    raise RuntimeError("no free port for the temporary Prefect server in 8000-8999")


class TemporaryServer:
    """A Prefect API server process for one command: started on construction, stopped by `stop`."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process = self._spawn()
        self.is_ready = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _spawn(self) -> subprocess.Popen:
        return subprocess.Popen(server_command(self.port), env=server_environment())

    def wait_ready(self, timeout: float) -> None:
        """Return once `/api/health` answers 200; RuntimeError after `timeout` seconds or if the
        process dies (a port taken in between is retried on another port, as Prefect does, which
        is only safe before anyone used `api_url`: so only until the first health answer)."""
        if self.is_ready:
            return
        import httpx

        deadline = time.monotonic() + timeout
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                status = self.process.poll()
                if status is not None:
                    raise RuntimeError(f"the temporary Prefect server exited with status {status} before it answered "
                                       f"(port {self.port}); set PREFECT_API_URL to use a running server")
                try:
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        self.is_ready = True
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"the temporary Prefect server did not answer within {timeout:.0f} s "
                           "(raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
