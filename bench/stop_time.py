"""How long `make run` takes to stop: on Ctrl-C (SIGINT to the foreground process group, as a terminal sends it)
and on SIGTERM to make.

    GONGHUI_VAR_DIR=/tmp/v .venv/bin/python bench/stop_time.py [--runs 3] [--signal int|term] [--cap 120]
        [--makefile Makefile]

The var dir must hold a migrated database with the demo (`make demo` with the same GONGHUI_VAR_DIR), so that
`make run` goes straight to serving. Each run starts `make run` on a free port in a session of its own (standing
in for the terminal), waits until /login/ answers 200 and both granian workers have started, sends the signal,
and measures until make has exited and none of the processes it started is left. A stop that takes longer than
--cap seconds is ended with SIGKILL to every process left and reported as such.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _storm import free_port

ROOT = Path(__file__).resolve().parents[1]


def descendants(pid: int) -> set[int]:
    """Every living process below pid (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until_serving(port: int, log: Path, make: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if make.poll() is not None:
            sys.exit(f"make run exited early, see {log}")
        text = log.read_text(errors="replace")
        if "Started worker-1" in text and "Started worker-2" in text:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
        time.sleep(0.2)
    sys.exit(f"not serving after 120 s, see {log}")


def one_run(args, log: Path) -> tuple[float | None, str]:
    port = free_port()
    with log.open("wb") as out:
        make = subprocess.Popen(
            ["make", "-f", args.makefile, "run", f"PORT={port}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    wait_until_serving(port, log, make)
    started = descendants(make.pid)
    t0 = time.monotonic()
    if args.signal == "int":
        os.killpg(make.pid, signal.SIGINT)
    else:
        make.send_signal(signal.SIGTERM)
    while time.monotonic() - t0 < args.cap:
        if make.poll() is not None and not any(alive(pid) for pid in started):
            return time.monotonic() - t0, f"make exit {make.returncode}"
        time.sleep(0.05)
    left = sorted(pid for pid in started | {make.pid} if alive(pid))
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    make.wait()
    return None, f"still running after {args.cap:.0f} s: {len(left)} processes, killed"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--signal", choices=["int", "term"], default="int")
    parser.add_argument("--cap", type=float, default=120)
    parser.add_argument("--makefile", default="Makefile")
    args = parser.parse_args()
    if not os.environ.get("GONGHUI_VAR_DIR"):
        sys.exit("set GONGHUI_VAR_DIR to a var dir with the demo (make demo)")
    logs = Path(tempfile.mkdtemp(prefix="stop-time-"))
    for run in range(args.runs):
        log = logs / f"run-{run}.log"
        seconds, how = one_run(args, log)
        tail = log.read_text(errors="replace").strip().splitlines()[-1:]
        shown = f"{seconds:.2f} s" if seconds is not None else "—"
        print(
            f"SIG{args.signal.upper()} run {run + 1}: {shown} ({how}); last line: {tail[0] if tail else ''}"
        )
    print(f"logs in {logs}")


if __name__ == "__main__":
    main()
