from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kommunenettverk.config.env import env_bool, env_int, env_list, env_secret


def test_env_bool_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "kanskje")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "")  # a blank line copied from .env.example keeps the default
    assert env_bool("X_FLAG", True) is True


def test_env_int_and_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_INT", "12a")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_LIST", "a.no, b.no,")
    assert env_list("X_LIST", []) == ["a.no", "b.no"]


def test_env_secret_reads_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("hemmelig\n", encoding="utf-8")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "hemmelig"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        env_secret("X_SECRET")


def _django_check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _django_check({"DEBUG": "false", "ALLOWED_HOSTS": "kommunenettverk.no"})
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deploy_check() -> None:
    result = _django_check(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60 + "-a-long-random-production-secret-key",
            "ALLOWED_HOSTS": "kommunenettverk.no",
            "SECURE_HSTS_PRELOAD": "true",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_cookies_hsts_and_lockout() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "diffsettings", "--all"],
        cwd=settings.BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}},
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "kommunenettverk.no",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = dict(
        line.removeprefix("### ").removesuffix("  ###").split(" = ", 1)  # "###": not ours
        for line in result.stdout.splitlines()
        if " = " in line
    )
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert values["CSRF_COOKIE_SECURE"] == "True"
    assert values["LANGUAGE_COOKIE_SECURE"] == "True"
    assert values["SESSION_COOKIE_HTTPONLY"] == "True"
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert values["SECURE_HSTS_SECONDS"] == "31536000"
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == "True"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] == "True"
    assert values["X_FRAME_OPTIONS"] == "'DENY'"
    assert values["AXES_FAILURE_LIMIT"] == "5"
    assert values["AUTHENTICATION_BACKENDS"].startswith("['axes.backends.AxesStandaloneBackend'")


def test_cache_url_selects_the_shared_redis_cache_or_refuses() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "diffsettings", "--all"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "CACHE_URL": "redis://127.0.0.1:6390/2"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    caches = next(line for line in result.stdout.splitlines() if line.startswith("CACHES"))
    assert "'django.core.cache.backends.redis.RedisCache'" in caches
    assert "'redis://127.0.0.1:6390/2'" in caches
    assert str(settings.CACHES["default"]["BACKEND"]).endswith("LocMemCache")  # the default
    refused = _django_check({"CACHE_URL": "memcached://127.0.0.1:11211"})
    assert refused.returncode != 0
    assert "CACHE_URL must be redis://" in refused.stderr
