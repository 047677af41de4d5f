"""Configuration from the environment."""

from __future__ import annotations

import pytest

from review_service.config import ConfigError, check_server_config, load_config


def test_production_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config({"REVIEW_SERVICE_ENV": "production"})


def test_development_generates_a_secret_and_defaults_to_sqlite_under_instance() -> None:
    config = load_config({})
    assert len(str(config["SECRET_KEY"])) >= 32
    assert str(config["DATABASE_URL"]).startswith("sqlite:///")
    assert str(config["DATABASE_URL"]).endswith("instance/review_service.sqlite3")


def test_settings_come_from_the_environment() -> None:
    config = load_config(
        {
            "REVIEW_SERVICE_ENV": "production",
            "SECRET_KEY": "s" * 40,
            "DATABASE_URL": "postgresql://db.example/review",
            "SMTP_HOST": "mail.example",
            "SMTP_PORT": "2525",
            "BASE_URL": "https://reviews.example/",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
            "TRUSTED_PROXIES": "1",
            "SESSION_MAX_AGE_HOURS": "8",
        }
    )
    assert config["DATABASE_URL"] == "postgresql://db.example/review"
    assert config["SMTP_HOST"] == "mail.example"
    assert config["SMTP_PORT"] == 2525
    assert config["BASE_URL"] == "https://reviews.example"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert config["TRUSTED_PROXIES"] == 1
    assert config["SESSION_MAX_AGE"] == 8 * 3600


def test_production_refuses_to_serve_without_shared_rate_limit_storage() -> None:
    unset = load_config({"REVIEW_SERVICE_ENV": "production", "SECRET_KEY": "s" * 40})
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0"):
        check_server_config(unset)
    chosen = load_config(
        {
            "REVIEW_SERVICE_ENV": "production",
            "SECRET_KEY": "s" * 40,
            "RATELIMIT_STORAGE_URI": "memory://",
            "BASE_URL": "https://reviews.example",
            "SUPPORT_EMAIL": "help@reviews.example",
        }
    )
    check_server_config(chosen)  # a per-process count, chosen knowingly
    assert chosen["RATELIMIT_STORAGE_URI"] == "memory://"
    check_server_config(load_config({}))  # development
    assert load_config({})["RATELIMIT_STORAGE_URI"] == "memory://"  # development
    assert load_config({})["TRUSTED_PROXIES"] == 0  # the socket's address by default
    assert load_config({})["PUBLIC_CALENDAR_SECONDS"] == 1
    assert load_config({"PUBLIC_CALENDAR_SECONDS": "0"})["PUBLIC_CALENDAR_SECONDS"] == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRUSTED_PROXIES", "two", "TRUSTED_PROXIES must be a whole number, not 'two'"),
        ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES must be between 0 and 10, not -1"),
        ("SESSION_MAX_AGE_HOURS", "0", "SESSION_MAX_AGE_HOURS must be between 1 and 720, not 0"),
        ("TRUSTED_PROXIES", "١", "TRUSTED_PROXIES must be a whole number, not '١'"),
        ("PUBLIC_CALENDAR_SECONDS", "61", "PUBLIC_CALENDAR_SECONDS must be between 0 and 60"),
        ("PUBLIC_CALENDAR_SECONDS", "0.5", "PUBLIC_CALENDAR_SECONDS must be a whole number"),
    ],
)
def test_numbers_in_the_environment_are_checked(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config({name: value})


def test_serve_says_what_to_set_in_production(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from review_service.cli import main

    env = {
        "REVIEW_SERVICE_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "RATELIMIT_STORAGE_URI": "",
    }
    result = CliRunner(env=env).invoke(main, ["serve", "--port", "1"])
    assert result.exit_code == 1
    assert "RATELIMIT_STORAGE_URI is not set" in result.output
