"""`gonghui up` (what `make run` runs) stops on one Ctrl-C or one SIGTERM: the server, its workers, the task
worker and the daily sweep all end, with no traceback and no crash (issue 11)."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "bench"))
from _storm import free_port  # noqa: E402  (bench/ is not a package)
from stop_time import alive, descendants  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads the process tree from /proc")

STOP_BOUND_SECONDS = 30  # a liveness bound, not a timing figure: a stop that hangs fails instead of blocking
START_BOUND_SECONDS = 120


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A fresh SQLite var dir, migrated, with the static manifest the pages link to."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(GONGHUI_VAR_DIR=str(tmp_path_factory.mktemp("var")), DJANGO_SETTINGS_MODULE="gonghui.settings")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "-m", "gonghui.cli", *command, "-v", "0"], env=env, check=True)
    return env


def _serving(env, log: Path) -> tuple[subprocess.Popen, set[int]]:
    """`gonghui up` in a session of its own (the terminal's place), once both server workers answer."""
    port = free_port()
    with log.open("wb") as out:
        up = subprocess.Popen(
            [sys.executable, "-m", "gonghui.cli", "up", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_BOUND_SECONDS
    while time.monotonic() < deadline:
        assert up.poll() is None, log.read_text()
        text = log.read_text()
        if "Started worker-1" in text and "Started worker-2" in text and "Starting worker" in text:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as response:  # noqa: S310
                assert response.status == 200
            return up, descendants(up.pid)
        time.sleep(0.2)
    os.killpg(up.pid, signal.SIGKILL)
    pytest.fail(f"not serving after {START_BOUND_SECONDS} s:\n{log.read_text()}")


def _assert_stopped_cleanly(up: subprocess.Popen, started: set[int], log: Path) -> None:
    try:
        up.wait(timeout=STOP_BOUND_SECONDS)
    except subprocess.TimeoutExpired:
        for pid in {up.pid} | started:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        pytest.fail(f"still running {STOP_BOUND_SECONDS} s after the signal:\n{log.read_text()}")
    output = log.read_text()
    assert up.returncode == 0, output
    assert len(started) >= 4, output  # serve (granian) with its two workers, the task worker (and the sweep)
    assert [pid for pid in started if alive(pid)] == [], output
    for sign in ("Traceback", "Segmentation fault", "refused to gracefully stop", "did not stop in time"):
        assert sign not in output, output


def test_one_ctrl_c_stops_server_worker_and_sweeps(env, tmp_path):
    log = tmp_path / "up.log"
    up, started = _serving(env, log)
    os.killpg(up.pid, signal.SIGINT)  # what a terminal does: SIGINT to the whole foreground process group
    _assert_stopped_cleanly(up, started, log)


def test_sigterm_stops_server_worker_and_sweeps(env, tmp_path):
    log = tmp_path / "up.log"
    up, started = _serving(env, log)
    up.send_signal(signal.SIGTERM)
    _assert_stopped_cleanly(up, started, log)
