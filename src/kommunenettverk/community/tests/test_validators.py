from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kommunenettverk.community import content
from kommunenettverk.community.validators import org_number_is_valid, validate_org_number


@pytest.mark.parametrize(
    "number",
    ["971032146", "972417858", "991000011", "991000038"],  # KS, KLD, two computed by hand
)
def test_valid_org_numbers_pass_mod11(number: str) -> None:
    assert org_number_is_valid(number)
    validate_org_number(number)
    validate_org_number(f"{number[:3]} {number[3:6]} {number[6:]}")  # spaces allowed


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("971032147", "kontrollsifferet"),  # last digit off by one
        ("972417857", "kontrollsifferet"),
        ("991000020", "kontrollsifferet"),  # remainder 1: no valid check digit exists
        ("97103214", "ni siffer"),
        ("9710321466", "ni siffer"),
        ("97103214A", "ni siffer"),
    ],
)
def test_invalid_org_numbers_are_refused_with_a_reason(number: str, reason: str) -> None:
    assert not org_number_is_valid(number.replace(" ", ""))
    with pytest.raises(ValidationError, match=reason):
        validate_org_number(number)


def test_empty_org_number_is_allowed() -> None:
    validate_org_number("")


def test_remainder_one_has_no_valid_check_digit() -> None:
    # 3*9+2*9+7*1+6*0+5*0+4*0+3*0+2*2 = 56; 56 % 11 = 1 → check digit would be 10.
    assert not any(org_number_is_valid(f"99100002{d}") for d in range(10))


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Hei <b>der</b>",
        "<img src=x onerror=alert(1)>",
        "</p>",
        "<!-- x -->",
        "&lt;script&gt;",
    ],
)
def test_html_is_detected(text: str) -> None:
    assert content.has_html(text)


@pytest.mark.parametrize("text", ["3 < 5 og 7 > 2", "Bruk -> pilen", "Vi <3 sykkel"])
def test_plain_text_with_angle_brackets_is_not_html(text: str) -> None:
    assert not content.has_html(text)


def test_spam_heuristics() -> None:
    assert content.link_count("se https://a.no og www.b.no") == 2
    assert not content.looks_like_spam("se https://a.no og www.b.no")
    assert content.looks_like_spam("https://a.no https://b.no https://c.no")
    assert content.looks_like_spam("Billig VIAGRA her")
    assert content.spam_words("Tjen penger på Bitcoin og casino") == ["casino", "bitcoin"]
    assert not content.looks_like_spam("Flere benker langs turstien, takk!")
