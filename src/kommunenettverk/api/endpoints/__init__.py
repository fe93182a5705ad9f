"""The v1 endpoints: one operation per function, reads through selectors, writes through
services. Public reads show only published data. One module per domain, each with its own
router; `router` gathers them in the order of the schema.

No `from __future__ import annotations` in this package: django-ninja reads the operations'
annotations at run time to build the request parsing and the OpenAPI schema.
"""

from ninja import Router

from kommunenettverk.api.endpoints import ideabank, indicators, networks, plans, registry

router = Router()
for _module in (registry, plans, networks, indicators, ideabank):
    router.add_router("", _module.router)
