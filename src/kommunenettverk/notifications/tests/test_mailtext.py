"""The reply text of real MIME messages, as mail programs write them: the quoted original, its
attribution line, the signature and "Sent from my phone" are left out (notifications.mailtext).
No database."""

from __future__ import annotations

from email.message import EmailMessage

from kommunenettverk.notifications.mailtext import html_to_text, message_parse, reply_text

ORIGINAL = (
    "Bodø har sendt inn årsrapporten for 2026.\n"
    "http://127.0.0.1:8000/planer/rapporter/7/\n\n"
    "Alle varslene dine: http://127.0.0.1:8000/varsler/\n"
)


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def test_gmail_multipart_reply_keeps_only_the_new_text() -> None:
    message = EmailMessage()
    message["From"] = "Kari Nordmann <kari@example.no>"
    message["Subject"] = "Re: Bodø har sendt inn årsrapporten"
    plain = (
        "Fint arbeid med tiltakene!\n"
        "Hvor mange deltok på kurset?\n\n"
        "On Fri, 4 Dec 2026 at 10:00, Kommunenettverk <ikke-svar@kommunenettverk.no>\n"
        "wrote:\n\n" + _quoted(ORIGINAL)
    )
    message.set_content(plain)
    message.add_alternative(
        "<div dir='ltr'>Fint arbeid med tiltakene!<br>Hvor mange deltok på kurset?</div>"
        "<br><div class='gmail_quote'><div class='gmail_attr'>On Fri … wrote:</div>"
        f"<blockquote>{ORIGINAL}</blockquote></div>",
        subtype="html",
    )
    parsed = message_parse(message.as_bytes())
    assert reply_text(parsed) == "Fint arbeid med tiltakene!\nHvor mange deltok på kurset?"


def test_norwegian_attribution_signature_and_phone_line() -> None:
    body = (
        "Takk. Vi tar det opp på neste samling.\n\n"
        "Hun skrev: «dette tar vi med» i fjor, og det står.\n"
        "Sendt fra min iPhone\n\n"
        "-- \n"
        "Ola Rådgiver\n"
        "KS Nord\n\n"
        "fre. 4. des. 2026 kl. 10:00 skrev Kommunenettverk <ikke-svar@kommunenettverk.no>:\n"
        + _quoted(ORIGINAL)
    )
    message = EmailMessage()
    message["From"] = "ola@example.no"
    message.set_content(body)
    assert reply_text(message_parse(message.as_bytes())) == (
        "Takk. Vi tar det opp på neste samling.\n\n"
        "Hun skrev: «dette tar vi med» i fjor, og det står."
    )


def test_windows_1252_quoted_printable_is_decoded() -> None:
    raw = (
        b"From: =?windows-1252?Q?P=E5l_=D8deg=E5rd?= <pal@example.no>\r\n"
        b"To: svar+abc@svar.example.no\r\n"
        b"Subject: =?windows-1252?Q?Re:_=C5rsrapport?=\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=windows-1252\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"\r\n"
        b"M=E5let om fysisk aktivitet er n=E5dd =96 bra jobbet, s=E6rlig i =D8rsta.\r\n"
        b"\r\n"
        b"-----Opprinnelig melding-----\r\n"
        b"Fra: Kommunenettverk <ikke-svar@kommunenettverk.no>\r\n"
        b"Sendt: 4. desember 2026 10:00\r\n"
        b"Emne: =C5rsrapport\r\n"
    )
    message = message_parse(raw)
    assert reply_text(message) == "Målet om fysisk aktivitet er nådd – bra jobbet, særlig i Ørsta."
    assert str(message["From"]) == "Pål Ødegård <pal@example.no>"


def test_outlook_html_only_reply_stops_at_the_original() -> None:
    raw = (
        "From: kari@example.no\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        "<html><head><style>p {margin:0}</style></head><body>"
        "<p>Hei,</p><p>Tallene for <b>2026</b> mangler &amp; bør legges inn.</p>"
        "<div id='Signature'><p>Hilsen Kari</p></div>"
        "<hr><div id='divRplyFwdMsg'><b>Fra:</b> Kommunenettverk<br><b>Sendt:</b> fredag</div>"
        f"<div>{ORIGINAL}</div></body></html>\r\n"
    ).encode()
    assert reply_text(message_parse(raw)) == (
        "Hei,\n\nTallene for 2026 mangler & bør legges inn.\n\nHilsen Kari"
    )


def test_outlook_plain_header_block_and_interleaved_answers() -> None:
    body = (
        "Se svar under.\n\n"
        "> Hvor mange deltok?\n"
        "Tolv deltok.\n\n"
        "________________________________\n"
        "Fra: Kommunenettverk <ikke-svar@kommunenettverk.no>\n"
        "Sendt: fredag 4. desember 2026 10:00\n"
        "Til: kari@example.no\n\n" + ORIGINAL
    )
    message = EmailMessage()
    message.set_content(body)
    assert reply_text(message_parse(message.as_bytes())) == ("Se svar under.\n\nTolv deltok.")


def test_only_a_quote_leaves_no_text() -> None:
    message = EmailMessage()
    message.set_content(
        "\n\nOn Fri, 4 Dec 2026 at 10:00, Kommunenettverk <x@example.no> wrote:\n"
        + _quoted(ORIGINAL)
    )
    assert reply_text(message_parse(message.as_bytes())) == ""


def test_an_attachment_is_not_the_reply() -> None:
    message = EmailMessage()
    message.set_content("Se vedlegget.")
    message.add_attachment(b"tall;2026\n12;13\n", maintype="text", subtype="plain",
                           filename="tall.csv")  # fmt: skip
    assert reply_text(message_parse(message.as_bytes())) == "Se vedlegget."


def test_html_to_text_leaves_out_blockquotes_and_scripts() -> None:
    text = html_to_text(
        "<p>Ja.</p><blockquote type='cite'><p>Spørsmålet</p></blockquote>"
        "<script>alert(1)</script><p>Nei &lt;b&gt;</p>"
    )
    assert [line for line in text.splitlines() if line] == ["Ja.", "Nei <b>"]
