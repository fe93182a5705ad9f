"""`{% tableregion %}…{% endtableregion %}`: a table that may be wider than the screen scrolls
inside its own region, which keyboard users can focus and screen readers name by the caption.

A built-in tag (settings.TEMPLATES builtins), so every template can wrap its tables without a
`{% load %}`. The wrapped content must hold a `<table>` with a `<caption>`: the region is
labelled by that caption (WCAG 1.4.10 reflow, 2.1.1 keyboard; axe `scrollable-region-focusable`).
"""

from __future__ import annotations

import itertools
import re

from django import template
from django.template.base import Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Ids only need to be unique within one page; a process-wide counter never repeats.
_ids = itertools.count(1)
_CAPTION = re.compile(r"<caption\b([^>]*)>")
_ID = re.compile(r"""\bid=["']([^"']+)["']""")


class TableRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        html: str = self.nodelist.render(context)
        caption = _CAPTION.search(html)
        if caption is None:
            raise template.TemplateSyntaxError("{% tableregion %} needs a table with a <caption>")
        existing = _ID.search(caption.group(1))
        ident = existing.group(1) if existing else f"table-caption-{next(_ids)}"
        if not existing:
            start, end = caption.span()
            html = f'{html[:start]}<caption id="{ident}"{caption.group(1)}>{html[end:]}'
        return format_html(
            '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="{}">{}</div>',
            ident,
            mark_safe(html),  # noqa: S308 - the template's own rendered (escaped) output
        )


@register.tag
def tableregion(parser: Parser, token: Token) -> TableRegionNode:
    nodelist = parser.parse(("endtableregion",))
    parser.delete_first_token()
    return TableRegionNode(nodelist)
