"""Checks of what people write in discussions (pure: no models). Text is plain: markup is
refused with a message naming the field, never stored, and every page escapes what it shows."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A tag, a comment or a doctype: "<b>", "</p>", "<img src=…>", "<!-- -->". A lone "<" (as in
# "under 5 <10") is plain text.
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^<>]*>")
_MENTION_END = re.compile(r"[\w.\-]")


def text_check(value: str, *, label: str, max_length: int, required: bool = True) -> str:
    """The text trimmed, or a ValidationError naming the field: empty, too long, or HTML."""
    cleaned = (value or "").replace("\x00", "").strip()
    if not cleaned:
        if required:
            raise ValidationError(
                _("«%(field)s» kan ikke være tomt.") % {"field": label}, code="required"
            )
        return ""
    if len(cleaned) > max_length:
        raise ValidationError(
            _("«%(field)s» kan ha høyst %(max)s tegn (nå %(n)s).")
            % {"field": label, "max": max_length, "n": len(cleaned)},
            code="max_length",
        )
    if _MARKUP.search(cleaned):
        raise ValidationError(
            _(
                "«%(field)s» kan ikke inneholde HTML-koder (som <b> eller <a>). "
                "Skriv vanlig tekst; lenker kan limes inn som de er."
            )
            % {"field": label},
            code="html",
        )
    return cleaned


def mentions(text: str, names: dict[int, list[str]]) -> set[int]:
    """The keys of `names` whose any name is written after an "@" in `text` ("@Kari
    Koordinator", "@kari.koordinator"), case-insensitive, not followed by more of a word."""
    lowered = text.lower()
    found: set[int] = set()
    for key, aliases in names.items():
        for alias in aliases:
            alias = alias.strip().lower()
            if not alias:
                continue
            needle = "@" + alias
            start = lowered.find(needle)
            while start != -1:
                end = start + len(needle)
                if end >= len(lowered) or not _MENTION_END.match(lowered[end]):
                    found.add(key)
                    break
                if (
                    end < len(lowered)
                    and lowered[end] == "."
                    and (end + 1 >= len(lowered) or not lowered[end + 1].isalnum())
                ):
                    found.add(key)  # a sentence ends after the name
                    break
                start = lowered.find(needle, start + 1)
    return found
