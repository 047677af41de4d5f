"""Configuration from the environment."""

from __future__ import annotations

import pytest

from review_service.config import ConfigError, load_config


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
        }
    )
    assert config["DATABASE_URL"] == "postgresql://db.example/review"
    assert config["SMTP_HOST"] == "mail.example"
    assert config["SMTP_PORT"] == 2525
    assert config["BASE_URL"] == "https://reviews.example"
    assert config["SESSION_COOKIE_SECURE"] is True
