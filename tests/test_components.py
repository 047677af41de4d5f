"""web/components.py writes the same HTML as the GOV.UK Frontend macros it stands in for.

Each case renders the govuk_frontend_jinja macro (through the app's own environment, so with
its ``trim_blocks`` and ``lstrip_blocks``) and our filter, and compares the two strings.
The summary list is compared with the list ``components/forms.html`` used to build for the
GOV.UK macro: the value rules (text, HTML, someone's own words with their line breaks, "Not
recorded") and the change links.
"""

from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import Markup

from review_service.domain.calendar import SkippedDay

GOVUK_SUMMARY_LIST = """\
{% from "govuk_frontend_jinja/components/summary-list/macro.html" import govukSummaryList %}
{%- set ns = namespace(rows=[]) -%}
{%- for row in rows -%}
  {%- if row.get("html") -%}
    {%- set value = {"html": row.html} -%}
  {%- elif row.get("multiline") and row.value | string | trim -%}
    {%- set value = {"html": row.value | e | replace("\\r\\n", "\\n")
                                           | replace("\\n", "<br>" | safe)} -%}
  {%- elif row.get("value") is not none and row.value | string | trim -%}
    {%- set value = {"text": row.value} -%}
  {%- else -%}
    {%- set value = {
      "html": '<span class="govuk-hint govuk-!-margin-bottom-0">Not recorded</span>'
    } -%}
  {%- endif -%}
  {%- set item = {"key": {"text": row.key}, "value": value} -%}
  {%- if row.get("href") -%}
    {%- set _ = item.update({"actions": {"items": [{
      "href": row.href,
      "text": row.get("action_text") or "Change",
      "visuallyHiddenText": row.key | lower
    }]}}) -%}
  {%- endif -%}
  {%- set ns.rows = ns.rows + [item] -%}
{%- endfor -%}
{{ govukSummaryList({"rows": ns.rows, "classes": classes}) }}"""

GOVUK_TAG = """\
{% from "govuk_frontend_jinja/components/tag/macro.html" import govukTag %}
{{- govukTag({"text": text, "classes": classes}) }}"""

GOVUK_DETAILS = """\
{% from "govuk_frontend_jinja/components/details/macro.html" import govukDetails %}
{{- govukDetails({"summaryText": summary, "html": html}) }}"""


def both(app, govuk, ours, **context):
    with app.test_request_context():
        env = app.jinja_env
        return env.from_string(govuk).render(**context), env.from_string(ours).render(**context)


@pytest.mark.parametrize(
    ("rows", "classes"),
    [
        (
            [
                {"key": "Requester's name", "value": "A <b>Person</b> & co"},
                {"key": "Empty", "value": ""},
                {"key": "Blank", "value": "   "},
                {"key": "Unknown", "value": None},
                {"key": "Count", "value": 3},
                {"key": "Given HTML", "html": Markup("  <b>bold</b>\n<i>then</i>\n\n more ")},
                {"key": "Their words", "value": " one\r\ntwo\n<three>\r four ", "multiline": True},
                {"key": "No words", "value": "  ", "multiline": True},
            ],
            "",
        ),
        (
            [
                {"key": "Who's asking", "value": "v", "href": "/a?b=1&c=2"},
                {"key": "Address", "value": "w", "href": "/x", "action_text": "Send <it>"},
                {"key": "Law", "value": "FOIA"},
            ],
            "govuk-summary-list--no-border",
        ),
        ([], ""),
    ],
)
def test_summary_list_is_the_govuk_macros_html(app, rows, classes):
    govuk, ours = both(
        app, GOVUK_SUMMARY_LIST, "{{ rows | govuk_summary_list(classes) }}", rows=rows,
        classes=classes,
    )  # fmt: skip

    assert ours == govuk


@pytest.mark.parametrize(
    ("text", "classes"), [("Due <soon> & late", "govuk-tag--red"), ("Plain", "")]
)
def test_tag_is_the_govuk_macros_html(app, text, classes):
    ours_source = "{{ text | govuk_tag(classes) }}"
    govuk, ours = both(app, GOVUK_TAG, ours_source, text=text, classes=classes)

    assert ours == govuk


@pytest.mark.parametrize(
    ("summary", "html"),
    [("Days not counted (2)", Markup("<ul>\n  <li>x</li>\n</ul>")), ("Days & <x>", Markup(""))],
)
def test_details_is_the_govuk_macros_html(app, summary, html):
    govuk, ours = both(
        app, GOVUK_DETAILS, "{{ summary | govuk_details(html) }}", summary=summary, html=html
    )

    assert ours == govuk


GOVUK_SERVICE_NAVIGATION = """\
{% from "govuk_frontend_jinja/components/service-navigation/macro.html"
   import govukServiceNavigation %}
{{- govukServiceNavigation({"serviceName": name, "serviceUrl": "/", "navigation": items,
                            "navigationLabel": "Menu", "slots": {"navigationEnd": end}}) }}"""


@pytest.mark.parametrize(
    ("name", "items", "end"),
    [
        ("Review service", [], Markup('\n      <li class="x">\n        <a>Sign in</a></li>')),
        ("Review service", [{"text": "Queue & co", "href": "/a?b&c", "active": False}], Markup("")),
        (
            "Review <service>",
            [
                {"text": "Queue", "href": "/q", "active": True},
                {"text": "Statistics", "href": "/s", "active": False},
            ],
            Markup("\n      <li>Sign out</li>"),
        ),
    ],
)
def test_service_navigation_is_the_govuk_macros_html(app, name, items, end):
    ours_source = '{{ name | govuk_service_navigation("/", items, "Menu", end) }}'
    govuk, ours = both(app, GOVUK_SERVICE_NAVIGATION, ours_source, name=name, items=items, end=end)

    assert ours == govuk


# The macros of components/forms.html as they were written in Jinja, before web/components.py
# took them over: the reference for the Python.
JINJA_TIMELINE = """\
{% macro timeline(events, heading_level=3) -%}
  <ol class="app-timeline">
    {%- for event in events %}
    <li class="app-timeline__item">
      <h{{ heading_level }} class="app-timeline__title">{{ event.title }}</h{{ heading_level }}>
      <span class="app-timeline__date">{{ event.date | time_element }}</span>
      {%- if event.get("description") %}
      <p class="app-timeline__description">{{ event.description }}</p>
      {%- endif %}
    </li>
    {%- endfor %}
  </ol>
{%- endmacro %}
{{- timeline(events, heading_level) }}"""

JINJA_SKIPPED_DAYS = """\
{% macro skipped_days(days, summary="Days not counted") -%}
  {%- set items -%}
    <ul class="app-skipped-days">
      {%- for day in days %}
      <li class="app-skipped-days__item">
        <span class="app-skipped-days__date">{{ day.date | time_element }}</span>
        <span>{{ day.reason }}</span>
      </li>
      {%- endfor %}
    </ul>
  {%- endset -%}
  {{ (summary ~ " (" ~ days | length ~ ")") | govuk_details(items) }}
{%- endmacro %}
{{- skipped_days(days, summary) }}"""

EVENTS = [
    {
        "date": dt.datetime(2026, 5, 4, 9, 5, tzinfo=dt.UTC),
        "title": "Filed <by> A & B",
        "description": "By A's <agent>",
    },
    {"date": dt.date(2026, 5, 5), "title": "Acknowledged", "description": ""},
    {"date": "some day <soon>", "title": "No description"},
]


@pytest.mark.parametrize(("events", "level"), [(EVENTS, 3), (EVENTS[1:], 2), ([], 3)])
def test_timeline_is_the_jinja_macros_html(app, events, level):
    ours_source = (
        '{% from "components/forms.html" import timeline %}{{- timeline(events, heading_level) }}'
    )
    jinja, ours = both(app, JINJA_TIMELINE, ours_source, events=events, heading_level=level)

    assert ours == jinja


DAYS = [
    {"date": dt.date(2026, 12, 25), "reason": "Christmas Day"},
    {"date": dt.date(2026, 11, 30), "reason": "Saint Andrew's Day <Scotland> & co"},
    {"date": "a day", "reason": "Other"},
]


@pytest.mark.parametrize(("days", "summary"), [(DAYS, "Days not counted"), ([], "None <here>")])
def test_skipped_days_is_the_jinja_macros_html(app, days, summary):
    jinja, ours = both(
        app,
        JINJA_SKIPPED_DAYS,
        '{% from "components/forms.html" import skipped_days %}{{- skipped_days(days, summary) }}',
        days=days,
        summary=summary,
    )
    skipped = [SkippedDay(d["date"], d["reason"]) for d in days]
    counted = both(app, "", "{{ skipped | app_days_not_counted(summary) }}", skipped=skipped,
                   summary=summary)[1]  # fmt: skip

    assert ours == jinja
    assert counted == jinja


TABLE_ROWS = """
  {% for row in rows %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell" data-label="A">{{ row }}</td>
    </tr>
  {% endfor %}
"""


@pytest.mark.parametrize(
    ("caption", "heads", "options"),
    [
        ("Letters & <co>", ["Letter", "Dated <x>"], {}),
        ("Findings", ["Provision", "Finding"], {"caption_size": "s"}),
        (
            "Queue",
            [
                "Case",
                {"text": "Due", "numeric": True, "attributes": {"aria-sort": "a&b"}},
                {"text": "Actions <x>", "hidden": True},
            ],
            {"caption_size": "m", "classes": "app-x <y>", "id": "q&1"},
        ),
        ("Nothing", [], {}),
    ],
)
@pytest.mark.parametrize("rows", [["one", "<two> & three"], []])
def test_table_is_the_jinja_macros_html(app, caption, heads, options, rows):
    """The ``app_table`` filter block writes what a call of components/table.html's macro does."""
    macro = (
        '{% from "components/table.html" import table %}'
        "{% call table(caption, heads, **options) %}" + TABLE_ROWS + "{% endcall %}"
    )
    ours_source = (
        "{% filter app_table(caption, heads, **options) %}" + TABLE_ROWS + "{% endfilter %}"
    )
    jinja, ours = both(
        app, macro, ours_source, caption=caption, heads=heads, options=options, rows=rows
    )

    assert ours == jinja


# The queue's rows as staff/queue.html drew them in Jinja before web/components.py took them
# over (queue_rows): the reference for the Python.
JINJA_QUEUE_ROWS = """\
{% from "components/forms.html" import urgency_tag %}
{% for row in rows %}
    <tr class="govuk-table__row app-queue__row {%- if row.urgency %} app-queue__row--{{ row.urgency | replace('_', '-') }}{% endif %}">
      <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{{ case_href(row.reference) }}">{{ row.reference }}</a></th>
      <td class="govuk-table__cell" data-label="Authority">{{ row.authority_name }}</td>
      <td class="govuk-table__cell" data-label="Requester">{{ row.requester_name }}</td>
      <td class="govuk-table__cell" data-label="Provisions disputed">{{ row.provisions | join(", ") or "None" }}</td>
      <td class="govuk-table__cell" data-label="Status">{{ row.status.label }}</td>
      <td class="govuk-table__cell" data-label="Reviewer">{{ row.reviewer_name or "Not assigned" }}</td>
      <td class="govuk-table__cell" data-label="Review due">
        <span class="app-queue__due">{{ row.due | date }}</span><br>
        {% if row.urgency %}
          {{ urgency_tag(row.urgency) }}
          <span class="govuk-body-s app-queue__left">
          {%- if row.urgency == "overdue" %} {{ -row.working_days_left }} working {{ "day" if row.working_days_left == -1 else "days" }} late
          {%- else %} {{ row.working_days_left }} working {{ "day" if row.working_days_left == 1 else "days" }} left{% endif -%}
          </span>
        {% else %}
          <span class="govuk-body-s">Review stage over</span>
        {% endif %}
      </td>
    </tr>
{% endfor %}"""  # noqa: E501 - the template's lines as they were


def _queue_row(reference, urgency, left, **fields):
    from review_service.domain.lifecycle import CaseStatus
    from review_service.staff.queue import QueueRow

    values = {
        "case_id": 1,
        "reference": reference,
        "authority_name": "Stonebridge County Council",
        "requester_name": "Sam MacDonald",
        "provisions": ("s.40(5)", "s.31(1)"),
        "status": CaseStatus.IN_REVIEW if urgency else CaseStatus.DECIDED,
        "reviewer_name": "Tom Green",
        "due": dt.date(2026, 2, 5),
        "urgency": urgency,
        "working_days_left": left,
    }
    return QueueRow(**{**values, **fields})


QUEUE_ROWS = [
    _queue_row("IR-2026-00001", None, None),
    _queue_row("IR-2026-00002", "overdue", -1, reviewer_name=None, provisions=()),
    _queue_row("IR-2026-00003", "overdue", -70, reviewer_name=""),
    _queue_row("IR-2026-00004", "due_soon", 1, requester_name="O'Brien <b>& co</b>"),
    _queue_row("IR-2026-00005", "due_soon", 0, provisions=("reg.12(4)(b) <x>", "s.1 & 2")),
    _queue_row("IR 2026/<6>&?", "on_track", 17, authority_name='A & <B> "C"'),
    _queue_row("IR-2026-00007", "on_track", 1, reviewer_name="Ann <i>Reviewer</i>"),
]


@pytest.mark.parametrize("rows", [QUEUE_ROWS, QUEUE_ROWS[:1], []])
def test_queue_rows_are_the_jinja_templates_html(app, rows):
    """``app_queue_rows`` writes what staff/queue.html's loop did, text escaped the same way."""
    jinja, ours = both(
        app,
        JINJA_QUEUE_ROWS,
        "{{ rows | app_queue_rows(case_href) }}",
        rows=rows,
        case_href=lambda reference: f"/staff/cases/{reference}?a&b=<'\">",
    )

    assert ours == jinja
