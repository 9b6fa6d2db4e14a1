"""Starting and stopping the Gatehouse processes the interop tests run (serve, demo, mock-idp)."""
from __future__ import annotations

import signal
import subprocess
import time
import urllib.error
import urllib.request


def wait_http(url: str, timeout: float = 30.0) -> None:
    """Returns once `url` answers at all (any HTTP status); raises after `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM (graceful shutdown), then SIGKILL after `timeout` seconds."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
