"""Fixtures for the requester's pages: a requester, and the page client signed in as them."""

from __future__ import annotations

import pytest

from tests.factories import create_user


@pytest.fixture
def requester(session):  # type: ignore[no-untyped-def]
    user = create_user(session, name="Ada Requester", email="ada@example.org")
    session.commit()
    return user


@pytest.fixture
def signed_in(client, requester):  # type: ignore[no-untyped-def]
    client.sign_in_as(requester)
    return client
