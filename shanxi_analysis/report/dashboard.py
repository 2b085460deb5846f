"""``shanxi dashboard``: the what-if scenario notebook served by Voila as a web app without code,
for readers who never open JupyterLab."""

from __future__ import annotations

import os
import subprocess
import sys

from ..core.errors import ShanxiError
from ..core.paths import PROJECT_DIR

NOTEBOOK = PROJECT_DIR / "notebooks" / "4_what_if_scenarios.ipynb"


def voila_command(port: int, ip: str = "127.0.0.1") -> list[str]:
    if not 1 <= port <= 65535:
        raise ShanxiError(f"port {port} is out of range; expected 1-65535")
    return [sys.executable, "-m", "voila", str(NOTEBOOK), "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
            "--theme=light", "--strip_sources=True"]


def serve(port: int = 8866, ip: str = "127.0.0.1") -> int:
    """Run Voila in the foreground until interrupted; returns its exit code."""
    cmd = voila_command(port, ip)
    print(f"shanxi dashboard: serving {NOTEBOOK.name} at http://{ip}:{port}/ (Ctrl+C to stop)", flush=True)
    env = dict(os.environ, MPLBACKEND="Agg")
    try:
        return subprocess.call(cmd, env=env, cwd=str(PROJECT_DIR))
    except KeyboardInterrupt:
        return 0
