"""`gonghui up`: the site, the task worker and the hourly daily sweeps as one foreground command (`make run`).

Each part runs as its own process in its own process group, so a terminal's Ctrl-C (SIGINT to the whole
foreground group) reaches only this command, which passes one SIGTERM to each part, waits for them and kills
what is left after a grace period. A shell `trap 'kill 0' INT TERM` did this before and failed twice over: the
trap re-signalled its own shell (dash recursed until it crashed, and make died with it), and granian's workers
got two stop signals, the terminal's SIGINT and their parent's SIGTERM. Granian (2.8.7 to 2.8.9 at least)
turns each stop signal into `WorkerSignal.set()`, and a second `set()` never returns and keeps the GIL, so such
a worker never exits and granian waits for it without a timeout (docs/operations.md, "Stopping").
"""

import ctypes
import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

DAILY_EVERY_SECONDS = 3600
# Longer than `serve`'s own --workers-kill-timeout, so that granian gets to stop its workers itself.
GRACE_SECONDS = 10
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover (runs in the child between fork and exec)
    """Have the kernel send SIGTERM to the child if this command dies without stopping it (e.g. SIGKILL)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start(args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own command line)
        [sys.executable, "-m", "gonghui.cli", *args],
        stdin=subprocess.DEVNULL,
        process_group=0,
        # Safe here: this command starts no threads, so nothing can hold a lock across the fork.
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        **kwargs,
    )


class Command(BaseCommand):
    help = (
        "Serve the site (gonghui serve), run the task worker (gonghui db_worker) beside it and queue the daily "
        "sweeps (gonghui daily) every hour, until Ctrl-C or SIGTERM stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        received: list[int] = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda signum, frame: received.append(signum))

        parts = {
            "serve": _start(["serve", "--host", host, "--port", str(port)]),
            "db_worker": _start(["db_worker", "--queue-name", "*", "--interval", "2"]),
        }
        next_daily = time.monotonic()
        ended = None
        while not received and ended is None:
            ended = next((name for name in ("serve", "db_worker") if parts[name].poll() is not None), None)
            if time.monotonic() >= next_daily:
                if parts.get("daily") is None or parts["daily"].poll() is not None:  # never two at once
                    parts["daily"] = _start(["daily"], stdout=subprocess.DEVNULL)
                next_daily += DAILY_EVERY_SECONDS
            time.sleep(POLL_SECONDS)
        if ended is not None:
            self.stderr.write(
                f"gonghui {ended} exited with status {parts[ended].returncode}; stopping the rest"
            )
        self._stop(parts, received)
        if ended is not None:
            sys.exit(1)

    def _stop(self, parts: dict[str, subprocess.Popen], received: list[int]) -> None:
        running = {name: part for name, part in parts.items() if part.poll() is None}
        for part in running.values():
            part.terminate()
        deadline = time.monotonic() + GRACE_SECONDS
        signals_so_far = len(received)
        while running and time.monotonic() < deadline and len(received) == signals_so_far:
            time.sleep(POLL_SECONDS / 4)
            running = {name: part for name, part in running.items() if part.poll() is None}
        for name, part in running.items():  # past the grace period or a second Ctrl-C: granian's workers too
            self.stderr.write(f"gonghui {name} did not stop in time; killing it")
            os.killpg(part.pid, signal.SIGKILL)
            part.wait()
