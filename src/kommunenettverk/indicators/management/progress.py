"""A text progress bar for the import commands (stderr, redrawn in place)."""

from __future__ import annotations

from django.core.management.base import OutputWrapper


class ProgressBar:
    def __init__(self, stream: OutputWrapper, width: int = 30) -> None:
        self.stream, self.width = stream, width

    def __call__(self, fraction: float, message: str) -> None:
        filled = round(max(0.0, min(1.0, fraction)) * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        ending = "\n" if fraction >= 1.0 else ""
        self.stream.write(f"\r[{bar}] {fraction:4.0%} {message[:60]:<60}", ending=ending)
        self.stream.flush()
