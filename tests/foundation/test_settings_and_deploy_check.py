"""Production mode passes Django's deploy checks; bad configuration gives a plain message, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DATABASE_URL",
            "PEERWORK_MODE",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "peerwork.cli", *args],
        cwd=PROJECT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_mode_passes_the_deploy_checks_with_zero_warnings(tmp_path):
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PEERWORK_MODE="production",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-value-for-tests-0123456789",
        ALLOWED_HOSTS="peerwork.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "System check identified no issues" in output


def test_production_without_a_secret_key_says_what_to_do():
    result = _run("check", PEERWORK_MODE="production", ALLOWED_HOSTS="peerwork.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("url", ["postgres//missing-colon", "nosuchdb://x/y", "::::"])
def test_a_malformed_database_url_says_what_is_wrong(url):
    result = _run("check", DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_secret_key_file_that_cannot_be_read_is_a_plain_message(tmp_path):
    result = _run("check", SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert result.returncode != 0
    assert "SECRET_KEY_FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_trusted_proxy_that_is_not_an_address_is_a_plain_message():
    result = _run("check", PEERWORK_TRUSTED_PROXIES="127.0.0.1,proxy.internal")
    assert result.returncode != 0
    assert "PEERWORK_TRUSTED_PROXIES" in result.stderr and "proxy.internal" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
