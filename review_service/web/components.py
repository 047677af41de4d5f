"""The GOV.UK components the busiest pages draw many times, written in Python.

``components/forms.html`` and the case pages build their summary lists, tags and details with
these filters (``rows | govuk_summary_list``, ``text | govuk_tag(classes)``,
``summary | govuk_details(html)``) instead of calling the govuk_frontend_jinja macros. The HTML
is the same as those macros write (with the environment's ``trim_blocks`` and
``lstrip_blocks``); tests/test_components.py checks that against the macros themselves.
Every piece of text is escaped here; only ``html`` arguments are taken as they are.

A case page draws a dozen summary-list rows and a score of details; through the GOV.UK macros
(each call re-importing its attribute helper, each row a nested macro) they cost about a tenth
of the page's time.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from jinja2.filters import do_indent
from markupsafe import Markup, escape

from review_service.domain import dates

NOT_RECORDED = Markup('<span class="govuk-hint govuk-!-margin-bottom-0">Not recorded</span>')


def _classes(base: str, extra: str | None) -> str:
    return f"{base} {extra}" if extra else base


def _html(value: Any, width: int) -> str:
    """``value | safe | trim | indent(width)``, as the GOV.UK macros print given HTML."""
    return str(do_indent(str(value).strip(), width))


def tag(text: Any, classes: str = "") -> Markup:
    """``govukTag({"text": text, "classes": classes})``."""
    opening = f'<strong class="{escape(_classes("govuk-tag", classes))}">'
    return Markup(f"{opening}\n  {escape(text)}\n</strong>\n")  # noqa: S704 - text escaped


def details(summary: Any, html: Any) -> Markup:
    """``govukDetails({"summaryText": summary, "html": html})``: ``html`` is markup already."""
    return Markup(  # noqa: S704 - the summary escaped, the html given as markup
        '<details class="govuk-details">\n'
        '  <summary class="govuk-details__summary">\n'
        '    <span class="govuk-details__summary-text">\n'
        f"      {escape(summary)}\n"
        "    </span>\n"
        "  </summary>\n"
        '  <div class="govuk-details__text">\n'
        f"    {html if html else ''}\n"
        "  </div>\n"
        "</details>\n"
    )


def summary_list(rows: Iterable[Mapping[str, Any]], classes: str = "") -> Markup:
    """The summary list of ``components/forms.html``'s ``summary_list`` (see there): each row
    ``{"key", "value"}`` or ``{"key", "html"}``, ``"multiline"`` for text someone typed,
    ``"href"`` (and ``"action_text"``) for a change link; an empty value reads "Not recorded".
    """
    rows = list(rows)
    any_actions = any(row.get("href") for row in rows)
    out = [f'<dl class="{escape(_classes("govuk-summary-list", classes))}">\n']
    for row in rows:
        value = _value_html(row)
        href = row.get("href")
        row_class = "govuk-summary-list__row"
        if any_actions and not href:
            row_class += " govuk-summary-list__row--no-actions"
        out.append(
            f'  <div class="{row_class}">\n'
            '    <dt class="govuk-summary-list__key">\n'
            f"      {escape(row['key'])}\n"
            "    </dt>\n"
            '    <dd class="govuk-summary-list__value">\n'
            f"      {value}\n"
            "    </dd>\n"
        )
        if href:
            action = row.get("action_text") or "Change"
            hidden = escape(row["key"]).lower()
            out.append(
                '    <dd class="govuk-summary-list__actions">\n'
                f'      <a class="govuk-link" href="{escape(href)}">{escape(action)}'
                f'<span class="govuk-visually-hidden"> {hidden}</span></a>\n'
                "    </dd>\n"
            )
        out.append("  </div>\n")
    out.append("</dl>")
    return Markup("".join(out))  # noqa: S704 - every piece escaped above


def _value_html(row: Mapping[str, Any]) -> str:
    html = row.get("html")
    if html:
        return _html(html, 6)
    value = row.get("value")
    if row.get("multiline") and str(value).strip():
        # The person's own words, escaped, keeping their line breaks.
        return _html(str(escape(value)).replace("\r\n", "\n").replace("\n", "<br>"), 6)
    if value is not None and str(value).strip():
        return str(escape(value))
    return str(NOT_RECORDED)


def service_navigation(
    service_name: Any,
    service_url: str,
    items: Iterable[Mapping[str, Any]],
    label: str,
    navigation_end: Any,
) -> Markup:
    """``govukServiceNavigation`` as base.html calls it: the service's name linking to
    ``service_url``, the navigation ``items`` (``{"text", "href", "active"}``) under the
    ``label``, and ``navigation_end`` (markup: the account link) after them."""
    items = [item for item in items if item]
    out = [
        '  <section aria-label="Service information" class="govuk-service-navigation"\n'
        'data-module="govuk-service-navigation">\n'
        '    <div class="govuk-width-container">\n\n'
        '<div class="govuk-service-navigation__container">\n'
        '        <span class="govuk-service-navigation__service-name">\n'
        f'            <a href="{escape(service_url)}" class="govuk-service-navigation__link">\n'
        f"              {escape(service_name)}\n"
        "            </a>\n"
        "        </span>\n\n"
        f'        <nav aria-label="{escape(label)}" class="govuk-service-navigation__wrapper">\n'
    ]
    if len(items) > 1:
        out.append(
            '          <button type="button" class="govuk-service-navigation__toggle'
            ' govuk-js-service-navigation-toggle" aria-controls="navigation" hidden'
            ' aria-hidden="true">\n'
            "            Menu\n"
            "          </button>\n"
        )
    out.append('\n          <ul class="govuk-service-navigation__list" id="navigation" >\n\n')
    for item in items:
        href, text = escape(item["href"]), escape(item["text"])
        if item.get("active"):
            out.append(
                '\n              <li class="govuk-service-navigation__item'
                ' govuk-service-navigation__item--active">\n'
                f'                  <a class="govuk-service-navigation__link" href="{href}"'
                ' aria-current="true">\n'
                "                                      "
                f'<strong class="govuk-service-navigation__active-fallback">{text}</strong>\n\n'
                "                  </a>\n"
                "              </li>\n"
            )
        else:
            out.append(
                '\n              <li class="govuk-service-navigation__item">\n'
                f'                  <a class="govuk-service-navigation__link" href="{href}">\n'
                f"                    {text}\n"
                "                  </a>\n"
                "              </li>\n"
            )
    out.append("\n")
    if navigation_end:
        out.append(str(navigation_end))
    out.append("</ul>\n        </nav>\n    </div>\n\n</div>\n  </section>\n")
    return Markup("".join(out))  # noqa: S704 - every piece escaped above, the slot is markup


def time_element(value: dt.date | str) -> Markup:
    """A date as ``<time datetime="2025-05-05">5 May 2025</time>`` (a datetime with ", 14:30"),
    or a string escaped as it is: the timeline's and the skipped days' dates. A filter, not a
    macro: a case page shows dozens of them."""
    if not isinstance(value, dt.date):
        return escape(value)
    if not isinstance(value, dt.datetime):
        return _day_element(value)
    text = f"{dates.long_date(value)}, {value.hour:02d}:{value.minute:02d}"
    # Nothing in an ISO date or a date in words needs escaping.
    return Markup(f'<time datetime="{value.isoformat()}">{text}</time>')  # noqa: S704


@functools.lru_cache(maxsize=4096)
def _day_element(day: dt.date) -> Markup:
    """A day's ``<time>``: the same few hundred days (deadlines, the days a clock skips) are
    drawn on page after page."""
    return Markup(f'<time datetime="{day.isoformat()}">{dates.long_date(day)}</time>')  # noqa: S704


def timeline(events: Iterable[Mapping[str, Any]], heading_level: int = 3) -> Markup:
    """``components/forms.html``'s ``timeline`` (see there): each event ``{"date", "title"}``
    and optionally ``"description"``, oldest first."""
    out = ['<ol class="app-timeline">']
    for event in events:
        out.append(
            '    <li class="app-timeline__item">\n'
            f'      <h{heading_level} class="app-timeline__title">{escape(event["title"])}'
            f"</h{heading_level}>\n"
            f'      <span class="app-timeline__date">{time_element(event["date"])}</span>'
        )
        description = event.get("description")
        if description:
            out.append(f'      <p class="app-timeline__description">{escape(description)}</p>')
        out.append("    </li>")
    out.append("  </ol>")
    return Markup("".join(out))  # noqa: S704 - every piece escaped above


def skipped_days(days: Iterable[Mapping[str, Any]], summary: str = "Days not counted") -> Markup:
    """``components/forms.html``'s ``skipped_days`` (see there): each day ``{"date",
    "reason"}``, in a details element."""
    return _skipped_days([(day["date"], day["reason"]) for day in days], summary)


def days_not_counted(skipped: Iterable[Any], summary: str = "Days not counted") -> Markup:
    """``skipped_days`` of a counted deadline's ``skipped`` (``SkippedDay``: ``day``, ``name``)."""
    return _skipped_days([(day.day, day.name) for day in skipped], summary)


def _skipped_days(days: list[tuple[dt.date | str, str]], summary: str) -> Markup:
    items = ['<ul class="app-skipped-days">']
    for day, reason in days:
        items.append(
            '      <li class="app-skipped-days__item">\n'
            f'        <span class="app-skipped-days__date">{time_element(day)}</span>\n'
            f"        <span>{escape(reason)}</span>\n"
            "      </li>"
        )
    items.append("    </ul>")
    html = Markup("".join(items))  # noqa: S704 - every piece escaped above
    return details(f"{summary} ({len(days)})", html)


def table(
    body: Any,
    caption: Any,
    heads: Iterable[Any],
    caption_size: str | None = None,
    classes: str = "",
    id: str | None = None,  # noqa: A002 - the macro's own argument name
) -> Markup:
    """``components/table.html``'s ``table`` (see there) as a filter block, ``body`` its rows
    (markup): ``{% filter app_table(caption, heads, caption_size="s") %}<tr>...{% endfilter %}``.
    A call block costs a macro call and its caller; a case page draws three tables."""
    table_class = escape(_classes("govuk-table app-table--stack", classes))
    id_attribute = f' id="{escape(id)}"' if id else ""
    caption_class = "govuk-visually-hidden"
    if caption_size:
        caption_class = f"govuk-table__caption--{escape(caption_size)}"
    out = [
        f'<table class="{table_class}"{id_attribute}>\n'
        f'  <caption class="govuk-table__caption {caption_class}">{escape(caption)}</caption>\n'
        '  <thead class="govuk-table__head"><tr class="govuk-table__row">'
    ]
    for head in heads:
        if isinstance(head, str):
            head = {"text": head}
        numeric = " govuk-table__header--numeric" if head.get("numeric") else ""
        attributes = "".join(
            f' {escape(name)}="{escape(value)}"'
            for name, value in head.get("attributes", {}).items()
        )
        text = escape(head["text"])
        if head.get("hidden"):
            text = Markup(f'<span class="govuk-visually-hidden">{text}</span>')  # noqa: S704
        out.append(
            f'    <th scope="col" class="govuk-table__header{numeric}"{attributes}>{text}</th>'
        )
    out.append(f'  </tr></thead>\n  <tbody class="govuk-table__body">{body}\n  </tbody>\n</table>')
    return Markup("".join(out))  # noqa: S704 - every piece escaped above, the body is markup


URGENCY_TAGS: Final[dict[str, tuple[str, str]]] = {
    "overdue": ("Overdue", "govuk-tag--red"),
    "due_soon": ("Due soon", "govuk-tag--yellow"),
    "on_track": ("On track", "govuk-tag--green"),
}


def queue_rows(rows: Iterable[Any], case_href: Callable[[str], str]) -> Markup:
    """The review queue's table rows (``staff/queue.html``), one ``<tr>`` per case: each row
    a ``staff.queue.QueueRow`` (reference, authority_name, requester_name, provisions, status,
    reviewer_name, due, urgency, working_days_left), ``case_href(reference)`` its link. The
    same HTML as the Jinja loop it replaced (with ``urgency_tag``), which drew 25 rows through
    a dozen filters and a macro each and cost about a sixth of the page."""
    out = []
    for row in rows:
        urgency = row.urgency
        modifier = f" app-queue__row--{urgency.replace('_', '-')}" if urgency else ""
        reference = escape(row.reference)
        provisions = ", ".join(str(escape(p)) for p in row.provisions) or "None"
        reviewer = escape(row.reviewer_name or "Not assigned")
        out.append(
            f'    <tr class="govuk-table__row app-queue__row{modifier}">\n'
            '      <th scope="row" class="govuk-table__header"><a class="govuk-link"'
            f' href="{escape(case_href(row.reference))}">{reference}</a></th>\n'
            '      <td class="govuk-table__cell" data-label="Authority">'
            f"{escape(row.authority_name)}</td>\n"
            '      <td class="govuk-table__cell" data-label="Requester">'
            f"{escape(row.requester_name)}</td>\n"
            '      <td class="govuk-table__cell" data-label="Provisions disputed">'
            f"{provisions}</td>\n"
            '      <td class="govuk-table__cell" data-label="Status">'
            f"{escape(row.status.label)}</td>\n"
            f'      <td class="govuk-table__cell" data-label="Reviewer">{reviewer}</td>\n'
            '      <td class="govuk-table__cell" data-label="Review due">\n'
            f'        <span class="app-queue__due">{dates.long_date_or(row.due, "")}</span><br>\n'
        )
        if urgency:
            text, colour = URGENCY_TAGS[urgency]
            left = row.working_days_left
            if urgency == "overdue":
                when = f"{-left} working {'day' if left == -1 else 'days'} late"
            else:
                when = f"{left} working {'day' if left == 1 else 'days'} left"
            out.append(
                f"          {tag(text, 'app-urgency-tag ' + colour)}\n"
                f'          <span class="govuk-body-s app-queue__left"> {when}</span>\n'
            )
        else:
            out.append('          <span class="govuk-body-s">Review stage over</span>\n')
        out.append("      </td>\n    </tr>\n")
    return Markup("".join(out))  # noqa: S704 - every piece escaped above


COMPONENT_FILTERS: Final[dict[str, Callable[..., Markup]]] = {
    "govuk_summary_list": summary_list,
    "govuk_tag": tag,
    "govuk_details": details,
    "govuk_service_navigation": service_navigation,
    "app_timeline": timeline,
    "app_skipped_days": skipped_days,
    "app_days_not_counted": days_not_counted,
    "app_table": table,
    "app_queue_rows": queue_rows,
}
