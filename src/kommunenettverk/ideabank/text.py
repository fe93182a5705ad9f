"""Pure text helpers for the idea bank: safe Markdown, plain text, Norwegian stems, snippets.

No models or settings here: the services and selectors call these with plain strings.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

import nh3
import snowballstemmer
from markdown_it import MarkdownIt

# html=False: raw HTML in the Markdown is shown as text, never passed through; nh3 then removes
# anything unsafe that Markdown itself could produce (javascript: links, odd attributes).
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code",
    "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("norwegian")
# Snowball's Norwegian stop words, the same list PostgreSQL's 'norwegian' configuration drops,
# so a query like "klimaplan og sykkel" means the same on both databases.
STOPWORDS = frozenset(
    (Path(__file__).parent / "data" / "norwegian_stopwords.txt").read_text("utf-8").split()
)


def markdown_to_safe_html(source: str) -> str:
    """Render Markdown and keep only harmless tags; links get rel="noopener noreferrer"."""
    rendered = _markdown.render(source)
    # Markdown headings start at h1; the page's own h1 is the title, so shift them down.
    rendered = re.sub(r"<(/?)h1>", r"<\1h2>", rendered)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (for search and snippets)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def strip_html(value: str) -> str:
    """A one-line field with any markup removed (titles, summaries, tags)."""
    return _SPACE.sub(" ", nh3.clean(value, tags=set())).strip() if "<" in value else value.strip()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    result: str = _stemmer.stemWord(word.lower())
    return result


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def stem_text(text: str) -> str:
    """The text as space-separated Norwegian stems (what the SQLite FTS5 table holds)."""
    return " ".join(stem(word) for word in words(text) if word.lower() not in STOPWORDS)


def query_stems(query: str) -> list[str]:
    """The distinct stems of a search query, in order."""
    seen: list[str] = []
    for word in words(query):
        if word.lower() in STOPWORDS:
            continue
        stemmed = stem(word)
        if stemmed not in seen:
            seen.append(stemmed)
    return seen


MARK_START = "[[[mark]]]"
MARK_END = "[[[/mark]]]"


def marked_to_html(marked: str) -> str:
    """Escape a snippet and turn its MARK_START/MARK_END markers into <mark> tags."""
    return html.escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def highlight(text: str, stems: list[str], *, width: int = 220) -> str:
    """A snippet of `text` around the first word whose stem is in `stems`, with every such word
    marked; escaped HTML. The SQLite twin of PostgreSQL's ts_headline."""
    wanted = set(stems)
    matches = [m for m in _WORD.finditer(text) if stem(m.group()) in wanted]
    if not matches:
        cut = text[:width]
        return html.escape(cut + ("…" if len(text) > width else ""))
    start = max(0, matches[0].start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < matches[0].start() else start
    end = min(len(text), start + width)
    pieces: list[str] = ["…" if start else ""]
    cursor = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(text[cursor : match.start()])
        pieces.append(MARK_START + match.group() + MARK_END)
        cursor = match.end()
    pieces.append(text[cursor:end])
    pieces.append("…" if end < len(text) else "")
    return marked_to_html("".join(pieces))
