"""Print the page index as {name: path} for the demo database named by DATABASE_URL.

Run by the browser tests' session fixture in the environment of the site under test:
`python -m tests.browser.resolve`.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommunenettverk.config.settings")
    import django

    django.setup()
    from django.urls import reverse

    from tests.browser.pages import PAGES, resolve_args

    urls = {}
    for name, spec in PAGES.items():
        if spec.not_a_page:
            continue
        path = reverse(name.split("?")[0], args=resolve_args(spec.args))
        urls[name] = path + (f"?{spec.query}" if spec.query else "")
    json.dump(urls, sys.stdout)


if __name__ == "__main__":
    main()
