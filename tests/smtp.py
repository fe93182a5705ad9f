"""A real SMTP server on 127.0.0.1 for the outbox tests (aiosmtpd), which a test can stop and
start again on the same port to play a mail server that is down and comes back."""

from __future__ import annotations

import email
import email.message
import email.policy
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller

from tests.stack import HOST, free_port


@dataclass
class _Collector:
    received: list[email.message.EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.received.append(parsed)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    """`start()`/`stop()` a server on `port`; `received` keeps every message across restarts."""

    port: int = field(default_factory=free_port)
    collector: _Collector = field(default_factory=_Collector)
    controller: Controller | None = None

    @property
    def received(self) -> list[email.message.EmailMessage]:
        return self.collector.received

    def start(self) -> None:
        self.controller = Controller(self.collector, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def settings(self) -> dict[str, Any]:
        """Django settings that send mail to this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_TIMEOUT": 5,
        }

    def env(self) -> dict[str, str]:
        """The same as environment variables, for a site in another process."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "5",
        }
