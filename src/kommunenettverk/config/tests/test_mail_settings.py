"""Development mail never reaches the terminal or a mail server: it is written to files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("EMAIL_", "PYTEST", "DJANGO_")) and k not in {"DEBUG", "SECRET_KEY"}
    }
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_development_default_writes_mail_to_var_mail() -> None:
    result = _manage(
        {},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)",
    )
    assert result.returncode == 0, result.stderr
    backend, path = result.stdout.split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(path) == Path(settings.BASE_DIR) / "var" / "mail"


def test_development_mail_goes_to_a_file_not_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "mail"  # made by the backend
    result = _manage(
        {"DEBUG": "true", "EMAIL_FILE_PATH": str(folder), "EMAIL_HOST": "127.0.0.1"},
        "sendtestemail",
        "kari@example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "Content-Type" not in result.stdout + result.stderr
    assert "kari@example.org" not in result.stdout + result.stderr
    files = list(folder.iterdir())
    assert len(files) == 1
    message = files[0].read_text(encoding="utf-8")
    assert "To: kari@example.org" in message
    assert "Subject: Test email from" in message


def test_production_default_is_smtp() -> None:
    result = _manage(
        {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "kommunenettverk.no"},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
