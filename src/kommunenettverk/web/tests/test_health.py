from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from kommunenettverk.web.views import server_error


def test_health_answers_without_the_database(client: Client) -> None:
    response = client.get(reverse("web:health"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_database_health_queries_the_database(client: Client) -> None:
    response = client.get(reverse("web:health_database"))
    assert (response.status_code, response.content) == (200, b"ok")


def test_database_errors_give_a_norwegian_503() -> None:
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Tjenesten er midlertidig utilgjengelig" in response.text


def test_other_errors_give_the_500_page() -> None:
    request = RequestFactory().get("/")
    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in response.text
