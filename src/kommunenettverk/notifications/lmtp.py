"""The LMTP listener for replies by email (`manage.py mail_receive`), on aiosmtpd.

The mail server for REPLY_DOMAIN (Postfix: docs/deployment.md) delivers each reply here over
LMTP. A recipient is checked when it is named (RCPT: the signed address, its age); the message
when it has come (DATA: sender, reply text, size), once per recipient, as LMTP answers: 250
when it is stored (a task makes the answer), 550/552 with the reason when it is refused, 451
when the database is away (the mail server tries again later). The database work runs in a
thread through `sync_to_async`, one message at a time, and closes its connection afterwards.
"""

from __future__ import annotations

import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections, connections

from kommunenettverk.notifications import inbound
from kommunenettverk.notifications.services import Received, inbound_message_receive

logger = logging.getLogger(__name__)

ANSWERS = {
    Received.ACCEPTED: "250 2.0.0 Reply received",
    Received.DUPLICATE: "250 2.0.0 Reply already received",
    Received.IGNORED: "250 2.0.0 Automatic reply ignored",
}
TRY_LATER = "451 4.3.0 Temporary failure, please try again later"


def _with_connection(work: Any) -> Any:
    """Run `work()` with a database connection of its own, closed afterwards: replies are
    few, and a listener that idles for days must not hold a connection the server dropped."""
    close_old_connections()
    try:
        return work()
    finally:
        connections.close_all()


def recipient_answer(address: str) -> str:
    """The answer to RCPT for `address` (sync; in a thread)."""
    try:
        _with_connection(lambda: inbound.reply_target(address))
    except inbound.ReplyRefused as refused:
        return f"{refused.code} {refused.message}"
    except Exception:
        logger.exception("Reply address %r not checked", address[:80])
        return TRY_LATER
    return "250 2.1.5 OK"


def delivery_answer(raw: bytes, address: str) -> str:
    """The answer to DATA for one recipient (sync; in a thread)."""
    try:
        received = _with_connection(lambda: inbound_message_receive(raw=raw, recipient=address))
    except inbound.ReplyRefused as refused:
        logger.info("Reply to %s… refused: %s", address[:20], refused)
        return f"{refused.code} {refused.message}"
    except Exception:
        logger.exception("Reply to %s… not stored", address[:20])
        return TRY_LATER
    logger.info("Reply to %s…: %s", address[:20], received.value)
    return ANSWERS[received]


class ReplyHandler:
    """aiosmtpd's handler: RCPT and DATA hooks that call the services above in a thread."""

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        answer: str = await sync_to_async(recipient_answer, thread_sensitive=True)(address)
        if answer.startswith("250"):
            envelope.rcpt_tos.append(address)
        return answer

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        answers = [
            await sync_to_async(delivery_answer, thread_sensitive=True)(raw, address)
            for address in envelope.rcpt_tos
        ]
        # LMTP answers DATA once per accepted recipient, in order (RFC 2033, 4.2).
        return "\r\n".join(answers)


class LmtpController(Controller):
    """aiosmtpd's controller speaking LMTP, with the message size limit from the settings."""

    def factory(self) -> SMTP:
        return LMTP(
            self.handler,
            data_size_limit=settings.REPLY_MAX_MESSAGE_BYTES,
            enable_SMTPUTF8=True,
            decode_data=False,
            ident="Kommunenettverk reply listener",
        )


def lmtp_controller(host: str | None = None, port: int | None = None) -> LmtpController:
    """A controller for the listener on `host:port` (default REPLY_LMTP_HOST and _PORT);
    `start()` serves in a thread of its own, `stop()` ends it."""
    return LmtpController(
        ReplyHandler(),
        hostname=host or settings.REPLY_LMTP_HOST,
        port=port or settings.REPLY_LMTP_PORT,
    )
