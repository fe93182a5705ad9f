"""ASGI entry point (not used in production: sync gunicorn workers serve the site)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommunenettverk.config.settings")
application = get_asgi_application()
