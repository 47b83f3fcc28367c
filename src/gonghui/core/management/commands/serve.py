import os
import shutil
import sys
from pathlib import Path

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with Granian (WSGI). Static files are served by WhiteNoise."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "2"))
        parser.add_argument(
            "--workers-kill-timeout",
            default="5",
            help="seconds a worker may take to finish its requests after a stop signal before it is killed",
        )

    def handle(self, *args, host, port, workers, workers_kill_timeout, **options):
        granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or shutil.which("granian")
        argv = [
            granian,
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            "4",
            # Granian waits for its workers without a limit by default, and a worker that got a stop signal
            # while it was still loading the app (or two of them: docs/operations.md, "Stopping") never exits.
            "--workers-kill-timeout",
            str(workers_kill_timeout),
            "gonghui.wsgi:application",
        ]
        os.execv(granian, argv)  # noqa: S606 (replace this process: signals go straight to the server)
