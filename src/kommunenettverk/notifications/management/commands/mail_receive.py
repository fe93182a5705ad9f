"""Take replies by email: an LMTP listener for the mail server of REPLY_DOMAIN.

`manage.py mail_receive` listens on REPLY_LMTP_HOST:REPLY_LMTP_PORT (or --host/--port) until it
is stopped (SIGTERM or Ctrl+C). Each reply is checked and stored, and a task (run by
`manage.py worker`) turns it into an answer (notifications.lmtp; docs/architecture.md,
"Replies by email"). With REPLY_DOMAIN empty replies are off: the command says so and ends at
once, so `make run` can always start it.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from kommunenettverk.notifications.lmtp import lmtp_controller


class Command(BaseCommand):
    help = "Ta imot svar på e-post over LMTP fra e-postserveren for REPLY_DOMAIN."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=None, help="Adresse (standard REPLY_LMTP_HOST).")
        parser.add_argument("--port", type=int, default=None, help="Port (REPLY_LMTP_PORT).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.REPLY_DOMAIN:
            self.stdout.write("REPLY_DOMAIN er tom: svar på e-post er slått av.")
            return
        controller = lmtp_controller(options["host"], options["port"])
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        controller.start()
        self.stdout.write(
            f"Tar imot svar til svar+…@{settings.REPLY_DOMAIN} over LMTP på "
            f"{controller.hostname}:{controller.port}.",
        )
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            controller.stop()
            self.stdout.write("Stoppet.")
