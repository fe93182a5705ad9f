"""Checks on text that inhabitants send in: spam and HTML. Pure functions, no database."""

from __future__ import annotations

import re

MAX_LINKS = 2
LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)
# Anything that looks like an HTML or XML tag, a comment or an entity-encoded tag.
TAG = re.compile(r"<\s*[a-zA-Z!/?]|&lt;\s*[a-zA-Z/]", re.IGNORECASE)
SPAM_WORDS = (
    "viagra",
    "cialis",
    "casino",
    "kasino",
    "bitcoin",
    "crypto",
    "kryptovaluta",
    "forex",
    "lån uten sikkerhet",
    "raskt lån",
    "seo-tjenester",
    "backlinks",
    "porn",
)


def has_html(text: str) -> bool:
    """True when the text holds something that looks like an HTML tag."""
    return bool(TAG.search(text))


def link_count(text: str) -> int:
    return len(LINK.findall(text))


def spam_words(text: str) -> list[str]:
    """The spam words (from SPAM_WORDS) that occur in the text, in list order."""
    lowered = text.lower()
    return [word for word in SPAM_WORDS if word in lowered]


def looks_like_spam(text: str) -> bool:
    return link_count(text) > MAX_LINKS or bool(spam_words(text))
