"""What the networks' write modules share: the refusal type and today's date."""

from __future__ import annotations

import datetime

from django.utils import timezone

from kommunenettverk.core.errors import DomainError


class NetworkError(DomainError):
    """A network write was refused; the message is for the user and says why."""


def today() -> datetime.date:
    return timezone.localdate()
