"""The site's settings, with the bench's own URLs on top (bench/urls.py).

`python -m bench` starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings, so the bench
can measure a page that the site itself does not have; nothing else uses this module.
"""

from __future__ import annotations

from kommunenettverk.config.settings import *  # noqa: F403 - the site's settings, unchanged

ROOT_URLCONF = "bench.urls"
