"""The accessibility statement says how to complain and whom to contact (issue 12 item 11)."""

from __future__ import annotations

import pytest

from review_service.config import ConfigError, check_server_config, load_config


def test_the_statement_gives_the_enforcement_procedure_its_date_and_a_real_contact(
    app,
    client,  # type: ignore[no-untyped-def]
) -> None:
    app.config["SUPPORT_EMAIL"] = "help@reviews.example"

    page = client.get("/accessibility").get_data(as_text=True)
    text = " ".join(page.split())

    assert 'href="mailto:help@reviews.example"' in page
    assert "administrator" not in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert "This statement was prepared on 29 November 2026." in text


def test_production_refuses_to_serve_without_a_contact_address() -> None:
    env = {
        "REVIEW_SERVICE_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "RATELIMIT_STORAGE_URI": "memory://",
        "BASE_URL": "https://reviews.example",
    }
    with pytest.raises(ConfigError, match="SUPPORT_EMAIL is not set"):
        check_server_config(load_config(env))
    check_server_config(load_config({**env, "SUPPORT_EMAIL": "help@reviews.example"}))
