"""Receivers for signals of the apps above networks (connected in NetworksConfig.ready)."""

from __future__ import annotations

import datetime
from typing import Any

from kommunenettverk.networks.services import LEAVING_STATUSES, network_memberships_end
from kommunenettverk.programmes.models import Participation


def participation_status_changed(
    sender: Any,
    *,
    participation: Participation,
    new_status: str,
    on: datetime.date,
    **kwargs: Any,
) -> None:
    """A paused, withdrawn or completed participation leaves its network on that date."""
    if new_status in LEAVING_STATUSES:
        network_memberships_end(participation=participation, left_on=on)
