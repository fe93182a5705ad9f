from __future__ import annotations

from django.apps import AppConfig


class DialogueConfig(AppConfig):
    """Migrations only: see the package docstring."""

    name = "kommunenettverk.dialogue"
    label = "dialogue"
    verbose_name = "dialogue (migrations only)"
