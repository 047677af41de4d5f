"""The shared layout (templates/base.html), its macros, and the error and static pages.

These build a small Flask app wired like ours (repo templates first, then the GOV.UK
Frontend Jinja and WTForms packages under their prefixes; CSRFProtect; Flask-Login) so
they do not depend on review_service.app.
"""

import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask, flash, render_template, render_template_string
from flask_login import LoginManager, UserMixin, login_user, logout_user
from flask_wtf import CSRFProtect, FlaskForm
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader, PackageLoader, PrefixLoader
from wtforms import StringField
from wtforms.validators import DataRequired

from review_service.web.filters import PAGE_FILTERS
from tests.pages import assert_all_in

REPO_ROOT = Path(__file__).resolve().parent.parent

SAMPLE_PAGE = """\
{% extends "base.html" %}
{% set page_title = "Case queue" %}
{% block content %}
  <h1 class="govuk-heading-l">{{ page_title }}</h1>
  {% if form %}
  <form method="post" novalidate>
    <input class="govuk-input" id="{{ form.reference.id }}" name="{{ form.reference.name }}">
  </form>
  {% endif %}
{% endblock %}
"""


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


class CaseSearchForm(FlaskForm):
    class Meta:
        csrf = False

    reference = StringField("Case reference", validators=[DataRequired("Enter a case reference")])


def create_test_app(*, with_login=True):
    app = Flask(__name__, template_folder=None)
    app.config.update(SECRET_KEY="test-secret", TESTING=True)
    app.jinja_loader = ChoiceLoader(
        [
            DictLoader({"sample.html": SAMPLE_PAGE}),
            FileSystemLoader(REPO_ROOT / "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.filters.update(PAGE_FILTERS)
    csrf = CSRFProtect(app)
    WTFormsHelpers(app)

    if with_login:
        login_manager = LoginManager(app)
        login_manager.user_loader(User)

        @app.post("/test-sign-in")
        @csrf.exempt
        def test_sign_in():
            login_user(User("1"))
            return "", 204

        @app.post("/sign-out")
        def sign_out():
            logout_user()
            return "", 204

    @app.route("/sample", methods=["GET", "POST"])
    @csrf.exempt
    def sample():
        form = CaseSearchForm()
        form.validate_on_submit()
        return render_template(
            "sample.html",
            form=form,
            nav_items=[
                {"text": "Cases", "href": "/cases", "active": True},
                {"text": "Reports", "href": "/reports", "active": False},
            ],
        )

    @app.get("/flash")
    def flashes():
        flash("Case FOI-0042 created", "success")
        flash("The ICO has not replied yet")
        return render_template("sample.html")

    @app.get("/page/<path:name>")
    def page(name):
        return render_template(name)

    return app


class PageParser(HTMLParser):
    """Collects what the page checks need: headings, ids, title, forms and inputs."""

    def __init__(self):
        super().__init__()
        self.h1_texts = []
        self.ids = []
        self.title = ""
        self.forms = []
        self.inputs = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "h1":
            self.h1_texts.append("")
            self._in = "h1"
        elif tag == "title":
            self._in = "title"
        elif tag == "form":
            self.forms.append(attrs)
        elif tag == "input":
            self.inputs.append(attrs)

    def handle_endtag(self, tag):
        if tag in ("h1", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "h1":
            self.h1_texts[-1] += data
        elif self._in == "title":
            self.title += data


def check_page(html):
    """Every page: one h1 whose text starts the <title>, unique ids, forms with an action
    or posting back to themselves by method."""
    page = PageParser()
    page.feed(html)
    assert len(page.h1_texts) == 1, f"expected one h1, found {page.h1_texts}"
    h1 = " ".join(page.h1_texts[0].split())
    title = " ".join(page.title.split())
    assert title.removeprefix("Error: ") == f"{h1} – Review service"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in page.forms:
        assert form.get("method") == "post"
    return page


@pytest.fixture
def app():
    return create_test_app()


@pytest.fixture
def client(app):
    return app.test_client()


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html, check_page(html)


def test_title_and_single_h1_come_from_page_title(client):
    html, page = get_page(client, "/sample")

    assert page.title == "Case queue – Review service"
    assert page.h1_texts == ["Case queue"]


def test_title_says_error_and_summary_lists_errors_when_the_form_is_invalid(client):
    response = client.post("/sample", data={"reference": ""})
    html = response.get_data(as_text=True)
    page = check_page(html)

    assert page.title == "Error: Case queue – Review service"
    assert "govuk-error-summary" in html
    assert '<a href="#reference">Enter a case reference</a>' in html


def test_a_dates_error_links_to_its_day_box_which_can_take_focus(client):
    # The date input's own id is on a <div>: a link to it would move focus nowhere.
    from review_service.web.fields import ANY_REAL_DATE, date_field

    class DateForm(FlaskForm):
        class Meta:
            csrf = False

        sent_on = date_field("When did you send it?", ANY_REAL_DATE, "The date", required=True)
        reference = StringField("Case reference", validators=[DataRequired("Enter one")])

    with client.application.test_request_context(method="POST", data={}):
        form = DateForm()
        form.validate()
        html = render_template_string(
            '{% from "components/forms.html" import error_summary %}{{ error_summary(form) }}',
            form=form,
        )

    assert '<a href="#sent_on-day">Enter the date</a>' in html
    assert '<a href="#reference">Enter one</a>' in html


def test_no_error_summary_when_the_form_has_no_errors(client):
    html, page = get_page(client, "/sample")

    assert "govuk-error-summary" not in html
    assert not page.title.startswith("Error")


def test_page_carries_no_gov_uk_branding(client):
    html, _ = get_page(client, "/sample")

    assert "GOV.UK" not in html
    assert "<svg" not in html  # the crown, logotype and OGL mark are all inline SVG
    for gov_uk_only in ("govuk-header", "govuk-logo", "crown", "Open Government Licence"):
        assert gov_uk_only.lower() not in html.lower()
    assert "/static/govuk/images/favicon" not in html  # the package's favicon is the crown


def test_header_shows_the_service_name_linking_home(client):
    html, _ = get_page(client, "/sample")

    assert '<header class="govuk-template__header app-header">' in html
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert '<a href="/" class="govuk-service-navigation__link">\n              Review service' in (
        header
    )


def test_navigation_items_come_from_nav_items_with_the_active_one_marked(client):
    html, _ = get_page(client, "/sample")

    assert '<a class="govuk-service-navigation__link" href="/cases" aria-current="true">' in html
    assert '<a class="govuk-service-navigation__link" href="/reports">' in html


def test_signed_out_visitor_sees_a_sign_in_link(client):
    html, page = get_page(client, "/sample")

    assert 'href="/sign-in">Sign in</a>' in html
    assert "Sign out" not in html
    assert page.forms == [{"method": "post", "novalidate": None}]


def test_signed_in_user_gets_a_sign_out_form_whose_csrf_token_is_accepted(client):
    client.post("/test-sign-in")
    html, page = get_page(client, "/sample")

    assert "Sign in</a>" not in html
    sign_out = [form for form in page.forms if form.get("action") == "/sign-out"]
    assert sign_out == [{"class": "app-sign-out", "method": "post", "action": "/sign-out"}]
    token = next(i["value"] for i in page.inputs if i.get("name") == "csrf_token")
    assert token

    assert client.post("/sign-out").status_code == 400  # CSRFProtect refuses it without one
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 204


def test_layout_renders_when_flask_login_is_not_set_up():
    client = create_test_app(with_login=False).test_client()

    html, _ = get_page(client, "/sample")

    assert "Sign in</a>" in html


def test_flashed_messages_show_as_notification_banners(client):
    html, _ = get_page(client, "/flash")

    banners = re.findall(r'<div class="govuk-notification-banner\b.*?</p>', html, re.DOTALL)
    assert len(banners) == 2
    success, important = (" ".join(banner.split()) for banner in banners)
    assert 'govuk-notification-banner--success" role="alert"' in success
    assert "Success </h2>" in success and "Case FOI-0042 created" in success
    assert "--success" not in important and 'role="region"' in important
    assert "Important </h2>" in important and "The ICO has not replied yet" in important
    # Banners come before the page's own content.
    assert html.index("govuk-notification-banner") < html.index("<h1")


def test_page_loads_our_stylesheet_and_initialises_govuk_frontend(client):
    html, _ = get_page(client, "/sample")

    assert_all_in(
        html,
        '<link rel="stylesheet" href="/static/css/main.css">',
        '<script type="module">',
        'import { initAll } from "/static/govuk/govuk-frontend.min.js"',
        "govuk-frontend-supported",
        '<a href="#main-content" class="govuk-skip-link"',
        '<main class="govuk-main-wrapper" id="main-content">',
    )


def test_footer_links_to_accessibility_statement_and_privacy_notice(client):
    html, _ = get_page(client, "/sample")

    footer = html.split("<footer", 1)[1]
    assert 'href="/accessibility">Accessibility statement</a>' in footer
    assert 'href="/privacy">Privacy notice</a>' in footer


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("errors/400.html", "Sorry, there is a problem with your request"),
        ("errors/403.html", "You do not have permission to view this page"),
        ("errors/404.html", "Page not found"),
        ("errors/429.html", "Too many attempts"),
        ("errors/500.html", "Sorry, there is a problem with the service"),
        ("pages/accessibility.html", "Accessibility statement"),
        ("pages/privacy.html", "Privacy notice"),
    ],
)
def test_error_and_information_pages_render_with_one_h1(client, template, heading):
    html, page = get_page(client, f"/page/{template}")

    assert page.h1_texts == [heading]


# Macros in components/forms.html -------------------------------------------------


def render_macro(app, call, **context):
    source = (
        '{% from "components/forms.html" import summary_list, urgency_tag, timeline, '
        "skipped_days, letter_preview %}" + call
    )
    with app.test_request_context():
        return render_template_string(source, **context)


@pytest.mark.parametrize(
    ("urgency", "text", "colour"),
    [
        ("overdue", "Overdue", "govuk-tag--red"),
        ("due_soon", "Due soon", "govuk-tag--yellow"),
        ("on_track", "On track", "govuk-tag--green"),
    ],
)
def test_urgency_tag_colours(app, urgency, text, colour):
    html = render_macro(app, "{{ urgency_tag(urgency) }}", urgency=urgency)

    assert f'class="govuk-tag app-urgency-tag {colour}"' in html
    assert text in html


def test_summary_list_escapes_text_links_changes_and_marks_empty_values(app):
    rows = [
        {"key": "Requester", "value": "<b>A. Person</b>", "href": "/cases/1/requester"},
        {"key": "ICO reference", "value": None},
    ]

    html = render_macro(app, "{{ summary_list(rows) }}", rows=rows)

    assert "&lt;b&gt;A. Person&lt;/b&gt;" in html
    assert 'href="/cases/1/requester"' in html
    assert '<span class="govuk-visually-hidden"> requester</span>' in html
    assert "Not recorded" in html


def test_timeline_and_skipped_days_show_dates_in_words(app):
    events = [
        {"date": date(2025, 5, 5), "title": "Request received"},
        {"date": datetime(2025, 6, 2, 14, 30), "title": "Refusal notice", "description": "s.40"},
    ]
    days = [{"date": date(2025, 5, 26), "reason": "Spring bank holiday"}]

    html = render_macro(
        app, "{{ timeline(events) }}{{ skipped_days(days) }}", events=events, days=days
    )

    assert '<time datetime="2025-05-05">5 May 2025</time>' in html
    assert '<time datetime="2025-06-02T14:30:00">2 June 2025, 14:30</time>' in html
    assert "Days not counted (1)" in html
    assert "26 May 2025" in html and "Spring bank holiday" in html


def test_letter_preview_wraps_the_letter_or_frames_a_pdf(app):
    inline = render_macro(app, '{% call letter_preview("Letter") %}<p>Dear</p>{% endcall %}')
    framed = render_macro(app, '{{ letter_preview("Letter", src="/letters/1.pdf") }}')

    assert '<figure class="app-letter-preview">' in inline and "<p>Dear</p>" in inline
    assert '<iframe class="app-letter-preview__frame" src="/letters/1.pdf" title="Letter">' in (
        framed
    )


def test_a_page_draws_its_header_and_footer_once(client, app, monkeypatch):
    """The layout is written for this service (templates/layout.html): GOV.UK Frontend's page
    template rendered its header and footer twice, once only to see whether they were empty."""
    drawn = []
    navigation = app.jinja_env.filters["govuk_service_navigation"]

    def counted(*args, **kwargs):
        drawn.append("navigation")
        return navigation(*args, **kwargs)

    monkeypatch.setitem(app.jinja_env.filters, "govuk_service_navigation", counted)
    app.jinja_env.cache.clear()  # compiled templates keep the filter they were compiled with
    html, _ = get_page(client, "/sample")

    assert drawn == ["navigation"]
    assert html.count("<header") == 1 and html.count('<footer class="govuk-template__footer">') == 1
    assert html.count("Accessibility statement") == 1
    body = html.split("<body", 1)[1]
    assert body.index("govuk-skip-link") < body.index("<header") < body.index('id="main-content"')
    assert body.index('id="main-content"') < body.index("<footer") < body.index("initAll()")
