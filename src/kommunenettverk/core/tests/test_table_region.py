"""{% tableregion %}: a table in a focusable, named region that scrolls on narrow screens."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError


def _render(source: str) -> str:
    return Template(source).render(Context({"name": "Bodø & Salten"}))


def test_region_is_focusable_and_named_by_the_caption() -> None:
    html = _render(
        '{% tableregion %}<table><caption class="ds-sr-only">Tiltak for {{ name }}</caption>'
        "</table>{% endtableregion %}"
    )
    region = re.match(
        r'<div class="table-wrap" tabindex="0" role="region" aria-labelledby="([^"]+)">', html
    )
    assert region is not None
    assert (
        f'<caption id="{region[1]}" class="ds-sr-only">Tiltak for Bodø &amp; Salten</caption>'
        in html
    )
    assert html.endswith("</table></div>")


def test_each_region_gets_its_own_id_and_a_captions_own_id_is_kept() -> None:
    table = "{% tableregion %}<table><caption>T</caption></table>{% endtableregion %}"
    first, second = _render(table + table).split("</div>")[:2]
    ids = [re.search(r'aria-labelledby="([^"]+)"', part)[1] for part in (first, second)]  # type: ignore[index]  # both match
    assert ids[0] != ids[1]
    kept = _render(
        '{% tableregion %}<table><caption id="mine">T</caption></table>{% endtableregion %}'
    )
    assert 'aria-labelledby="mine"' in kept
    assert kept.count('id="mine"') == 1


def test_a_table_without_caption_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError, match="caption"):
        _render("{% tableregion %}<table></table>{% endtableregion %}")
