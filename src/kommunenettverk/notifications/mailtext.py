"""The text a person wrote in a reply by email, without the quoted original or the signature.

Pure: no database, no Django settings. `reply_text(message)` takes a parsed message and returns
what stands above the quote: the text/plain part (else the HTML part turned into text), with
quoted lines (`>`), the attribution line of the quote ("On … wrote:", "… skrev …:", Outlook's
"Fra:/Sendt:" block or "-----Original Message-----") and everything after it, the signature
(after a `-- ` line) and "Sent from my phone" lines left out. Tested on real MIME messages in
notifications/tests/test_mailtext.py.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import html
import re
from html.parser import HTMLParser

# --- choosing the part ------------------------------------------------------------------------


def message_parse(raw: bytes) -> email.message.EmailMessage:
    """The message as Python's modern email API sees it (headers decoded, charsets known)."""
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


def _part_text(part: email.message.EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset: keep what can be read
        payload = part.get_payload(decode=True)
        content = payload.decode("latin-1") if isinstance(payload, bytes) else str(payload)
    return content if isinstance(content, str) else ""


def _body_parts(message: email.message.EmailMessage) -> tuple[str | None, str | None]:
    """The first text/plain and text/html parts that are not attachments."""
    plain = rich = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = _part_text(part)
        elif kind == "text/html" and rich is None:
            rich = _part_text(part)
    return plain, rich


# --- HTML to text -------------------------------------------------------------------------------

_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "section", "article", "header", "footer", "hr",
}  # fmt: skip
_SKIPPED = {"style", "script", "head", "title", "blockquote"}
# Where mail programs start the quoted original in HTML: Gmail, Thunderbird, Outlook (web and
# desktop), Apple Mail; everything from there on is the original, not the reply.
_QUOTE_CLASSES = {"gmail_quote", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote"}
_QUOTE_IDS = {"divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container"}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.stack: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").lower().split())
        if classes & _QUOTE_CLASSES or (values.get("id") or "").lower() in _QUOTE_IDS:
            self.done = True
            return
        if tag in _SKIPPED:
            self.skip_depth += 1
            self.stack.append(tag)
        elif tag in _BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if tag in _SKIPPED and self.skip_depth and tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break
            self.skip_depth -= 1
        elif tag in _BLOCKS:
            self.out.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.done and tag in _BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.done and not self.skip_depth:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """The readable text of an HTML mail body: blocks become lines, quotes (blockquote and the
    mail programs' quote containers) and styles are left out."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    return html.unescape("\n".join(lines))


# --- leaving out the quote and the signature ----------------------------------------------------

# "On Fri, 4 Dec 2026 at 10:00, Kari <kari@example.no> wrote:", "fre. 4. des. 2026 kl. 10:00
# skrev Kari Nordmann <kari@example.no>:", "Den 04.12.2026 10:00, skrev Kari:" — an attribution
# ends with a colon and names a time or an address, so "Hun skrev:" in a sentence is kept.
_ATTRIBUTION = re.compile(r"\b(wrote|skrev|schrieb|a écrit|skrev følgende)\b.*:\s*$", re.I)
_ATTRIBUTION_HINT = re.compile(r"@|\d{1,2}[:.]\d{2}")
# A mail program that wraps the attribution over two lines starts it with "On"/"Den" or a date.
_ATTRIBUTION_START = re.compile(
    r"^\s*(on|den|am|le|man\.|tir\.|ons\.|tor\.|fre\.|lør\.|søn\.|\d{1,2}[./ ])", re.I
)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(original message|opprinnelig melding|videresendt melding|"
    r"forwarded message)\s*-{2,}\s*$",
    re.I,
)
_HEADER_FROM = re.compile(r"^\s*\*?(from|fra)\s*:\*?\s", re.I)
_HEADER_NEXT = re.compile(r"^\s*\*?(sent|sendt|date|dato|to|til|subject|emne)\s*:", re.I)
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
_SENT_FROM = re.compile(
    r"^\s*(sent from my|sendt fra min|sendt fra|get outlook for|hent outlook for|"
    r"hentet fra outlook)\b",
    re.I,
)


def _quote_starts(lines: list[str], i: int) -> bool:
    line = lines[i]
    if line.rstrip("\r") in ("-- ", "--", "—"):  # the signature delimiter
        return True
    if _ORIGINAL.match(line) or _OUTLOOK_RULE.match(line):
        return True
    candidates = [line]
    if i + 1 < len(lines) and _ATTRIBUTION_START.match(line):
        candidates.append(f"{line} {lines[i + 1]}")
    for candidate in candidates:
        if _ATTRIBUTION.search(candidate) and _ATTRIBUTION_HINT.search(candidate):
            return True
    if _HEADER_FROM.match(line):
        return any(_HEADER_NEXT.match(later) for later in lines[i + 1 : i + 4])
    return False


def strip_quote(text: str) -> str:
    """What stands above the quoted original, without quoted lines, the signature and "Sent
    from my …" lines; blank lines squeezed, ends trimmed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _quote_starts(lines, i):
            break
        if line.lstrip().startswith(">") or _SENT_FROM.match(line):
            continue
        kept.append(line.rstrip())
    squeezed = re.sub(r"\n{3,}", "\n\n", "\n".join(kept))
    return squeezed.strip()


def reply_text(message: email.message.EmailMessage) -> str:
    """The reply a person wrote (see the module): "" when there is none."""
    plain, rich = _body_parts(message)
    if plain is not None and plain.strip():
        return strip_quote(plain)
    if rich is not None:
        return strip_quote(html_to_text(rich))
    return ""
