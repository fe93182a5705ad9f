"""Signals that apps below programmes listen to (they may import programmes; programmes may
not import them).

`participation_status_changed` is sent inside the transaction of
`services.participation_set_status`, after the new status and its history row are saved, so a
receiver's writes commit or roll back with the status change. Arguments: `participation`,
`old_status`, `new_status`, `on` (the date of the change) and `user` (who made it, or None).
"""

from __future__ import annotations

from django.dispatch import Signal

participation_status_changed = Signal()
