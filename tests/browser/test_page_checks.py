"""The page checks themselves catch what they are there to catch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import check, visit


def test_an_image_without_alternative_text_fails_the_axe_check(page: Page) -> None:
    visit(page, "/accessibility")
    page.evaluate(
        """() => {
          const image = document.createElement('img');
          image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
          document.querySelector('main').append(image);
        }"""
    )
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)"):
        check(page)


def test_a_second_h1_fails_the_check(page: Page) -> None:
    visit(page, "/privacy")
    page.evaluate("() => document.querySelector('main').append(document.createElement('h1'))")
    with pytest.raises(AssertionError, match="expected exactly one h1"):
        check(page)


def test_a_request_leaving_loopback_is_refused_and_fails_the_check(page: Page) -> None:
    # Our pages' Content-Security-Policy already stops this; the browser context's route is
    # the second line, so it is tested on a page with no policy.
    page.set_content(
        "<title>Tracking test</title><h1>Tracking test</h1>"
        "<img src='http://192.0.2.1/pixel.gif' alt=''>"
    )
    with pytest.raises(AssertionError, match=r"leave 127\.0\.0\.1: http://192\.0\.2\.1/pixel"):
        check(page)


def test_a_page_script_reaching_outside_is_stopped_by_the_content_security_policy(
    page: Page,
) -> None:
    visit(page, "/")
    outcome = page.evaluate(
        "() => fetch('http://192.0.2.1/tracker.js').then(() => 'sent', () => 'refused')"
    )
    assert outcome == "refused"
    with pytest.raises(AssertionError, match="Content Security Policy"):
        check(page)
