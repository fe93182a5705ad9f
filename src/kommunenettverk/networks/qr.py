"""The QR code of a check-in code: an inline SVG drawn on the server (segno, pure Python), so
the participant's page shows it without JavaScript or an image request. The code is always
shown as text next to it; the QR only saves the adviser typing it at the door."""

from __future__ import annotations

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def check_in_qr_svg(url: str, code: str) -> SafeString:
    """An accessible SVG (role img, a label naming the code) of the QR code for `url`, the
    adviser's check-in page with the code filled in. Dark modules on a white quiet zone, so a
    phone camera reads it in dark mode too; it scales with its box (no fixed size)."""
    label = _("QR-kode for innsjekkingskoden %(code)s") % {"code": code}
    qr = segno.make(url, error="m", micro=False)
    # segno escapes the title it writes; the rest of its output is numbers and fixed markup.
    svg = qr.svg_inline(
        scale=4,
        border=4,
        dark="#000",
        light="#fff",
        title=label,
        svgclass="check-in-qr",
        omitsize=True,
    )
    opening = format_html('<svg role="img" aria-label="{}" focusable="false"', label)
    return mark_safe(svg.replace("<svg", opening, 1))  # noqa: S308  # built above, label escaped
