"""A missing variable in one of our templates is an error, not an empty string (issue 14);
the GOV.UK Frontend macros, written for lenient lookups, still render."""

import pytest
from flask import render_template_string
from jinja2 import UndefinedError


def test_printing_or_testing_a_missing_variable_fails(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        with pytest.raises(UndefinedError, match="nothing_here"):
            render_template_string("<p>{{ nothing_here }}</p>")
        with pytest.raises(UndefinedError, match="nothing_here"):
            render_template_string("{% if nothing_here %}shown{% endif %}")
        with pytest.raises(UndefinedError, match="missing"):
            render_template_string("{{ row.missing }}", row={"key": "Name"})


def test_a_template_says_when_a_value_may_be_missing(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        page = render_template_string(
            "{{ maybe | default('none given') }}/{{ 'yes' if maybe is defined else 'no' }}"
        )
    assert page == "none given/no"


def test_the_gov_uk_macros_still_read_params_leniently(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        page = render_template_string(
            '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
            '{{ govukButton({"text": "Continue"}) }}'
        )
    assert 'class="govuk-button"' in page
    assert "Continue" in page


def test_summary_rows_and_timeline_events_leave_optional_keys_out(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        page = render_template_string(
            '{% from "components/forms.html" import summary_list, timeline %}'
            '{{ summary_list([{"key": "Name", "value": "Ann"}]) }}'
            '{{ timeline([{"date": "today", "title": "Filed"}]) }}'
        )
    assert "Ann" in page
    assert "Filed" in page


def test_an_imported_macro_sees_the_globals_and_a_template_s_own(app):  # type: ignore[no-untyped-def]
    """Template globals answer keys() with a set (web/templating._Globals): an import still
    reads the environment's globals, and a template's own globals still win over them."""
    app.jinja_env.globals["service_motto"] = "from the environment"
    template = app.jinja_env.from_string("{{ service_motto }}", globals={"own": 1})
    assert template.globals.keys() >= {"own", "service_motto", "url_for"}
    assert template.globals["service_motto"] == "from the environment"
    shadowing = app.jinja_env.from_string(
        "{{ service_motto }}", globals={"service_motto": "its own"}
    )
    with app.test_request_context():
        assert template.render() == "from the environment"
        assert shadowing.render() == "its own"
        page = render_template_string(
            '{% from "components/forms.html" import error_summary %}{{ url_for("static", '
            'filename="x.css") }}'
        )
    assert page == "/static/x.css"
    del app.jinja_env.globals["service_motto"]
