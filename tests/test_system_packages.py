"""scripts/system_packages.sh: what `make test` does about Chromium and PostgreSQL's programs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stack import BASE_DIR

SCRIPT = BASE_DIR / "scripts" / "system_packages.sh"


@pytest.fixture
def bin_folder() -> Iterator[Path]:
    """A PATH with the few programs the script calls, and apt-get, but no chromium nor sudo;
    readable by nobody (pytest's own temporary folders are not)."""
    folder = Path(tempfile.mkdtemp(prefix="kn-bin-"))
    folder.chmod(0o755)
    for program in ("id", "apt-get", "env", "mktemp", "tail", "rm"):
        found = shutil.which(program)
        assert found, program
        (folder / program).symlink_to(found)
    yield folder
    shutil.rmtree(folder)


def _run(
    *packages: str, path: str, extra: dict[str, str] | None = None, as_nobody: bool = False
) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash
    command = [bash, "-s", *packages]  # the script on stdin: no terminal, no file permissions
    if as_nobody:
        setpriv = shutil.which("setpriv")
        assert setpriv
        command = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = {"PATH": path, "LANG": "C.UTF-8", **(extra or {})}
    return subprocess.run(
        command,
        input=SCRIPT.read_text(encoding="utf-8"),
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_says_nothing_when_everything_is_there(tmp_path: Path) -> None:
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n", encoding="utf-8")
    chromium.chmod(0o755)
    result = _run(
        "chromium", "postgresql", path=os.environ["PATH"], extra={"CHROMIUM_PATH": str(chromium)}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""


def test_refuses_a_chromium_path_that_is_not_a_program(tmp_path: Path) -> None:
    result = _run(
        "chromium", path=os.environ["PATH"], extra={"CHROMIUM_PATH": str(tmp_path / "nowhere")}
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"CHROMIUM_PATH={tmp_path / 'nowhere'} is not an executable file: "
        "point it at Chromium, or unset it."
    ]


def test_says_which_command_to_run_when_it_cannot_install(bin_folder: Path) -> None:
    # As root the script would install: the refusal is what an ordinary user without sudo sees.
    result = _run("chromium", path=str(bin_folder), as_nobody=os.geteuid() == 0)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("make test needs chromium (not found) and cannot install it as ")
    assert "run `sudo apt-get install chromium` (as root: `apt-get install chromium`)" in lines[0]


def test_names_the_package_manager_when_there_is_no_apt_get(bin_folder: Path) -> None:
    (bin_folder / "apt-get").unlink()
    result = _run("chromium", path=str(bin_folder))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "make test needs chromium (not found): install it with your system's package manager "
        "(Chromium anywhere else: set CHROMIUM_PATH)."
    )
