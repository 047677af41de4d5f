"""Form fields shared by several areas."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, StopValidation

from review_service import clock
from review_service.domain.calendar import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR
from review_service.domain.dates import month_year
from review_service.domain.limits import too_long

# WTForms fields that carry their GOV.UK widget, so a form never names the widget.


class GovStringField(StringField):
    widget = GovTextInput()


class GovEmailField(EmailField):
    widget = GovTextInput()


class GovIntegerField(IntegerField):
    widget = GovTextInput()


class GovPasswordField(PasswordField):
    widget = GovPasswordInput()


class GovTextAreaField(TextAreaField):
    widget = GovTextArea()


class GovCharacterCountField(TextAreaField):
    """A text area with a live count of the characters left (the template passes the
    maximum, ``limits.X``, as the ``maxlength`` param)."""

    widget = GovCharacterCount()


class GovRadioField(RadioField):
    widget = GovRadioInput()


class GovSelectField(SelectField):
    widget = GovSelect()


class GovCheckboxesField(SelectMultipleField):
    widget = GovCheckboxesInput()


class GovBooleanField(BooleanField):
    widget = GovCheckboxInput()


class GovFileField(FileField):
    widget = GovFileInput()


class GovSubmitField(SubmitField):
    widget = GovSubmitInput()


def max_length(limit: int, subject: str = "") -> Length:
    """The length check of a text field, with limits.too_long's message ("Reference must be 60
    characters or fewer"); ``limit`` is one of domain.limits."""
    return Length(max=limit, message=too_long(limit, subject))


_PART = re.compile(r"[0-9]{1,2}")  # a day or a month, as typed ("07" and "7" alike)
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class DateRange:
    """Which dates a GovDateField takes. ``years`` (first, last) bounds the year; outside it
    the message is ``out_of_range`` ("{subject}", "{first}" and "{last}" are filled in).
    ``validators`` run after the date parses. The ranges in use are named below ``PastDate``.
    """

    years: tuple[int, int] | None = None
    out_of_range: str = "{subject} must be between {first} and {last}"
    validators: tuple[Any, ...] = ()


class GovDateField(Field):
    """A GOV.UK date input (day, month, year) with GOV.UK error messages.

    ``dates`` says which dates it takes (PAST_DATES, CALENDAR_DATES or ANY_REAL_DATE).
    ``subject`` names the date in messages ("The date you sent your request must include a
    month"); it defaults to the label. Blank in all three parts means "no date", which is an
    error only with ``required_message``.

    GovDateInput unpacks exactly three parts from ``raw_data``, so a POST that leaves the field
    out (or sends fewer parts) would crash it: the parts are padded here.
    """

    widget = GovDateInput()

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        dates: DateRange,
        subject: str | None = None,
        required_message: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, [*(validators or ()), *dates.validators], **kwargs)
        self.subject = subject or self.label.text
        self.required_message = required_message
        self.years = dates.years
        self.out_of_range = dates.out_of_range
        self.problem: str | None = None

    def _value(self) -> str:
        return self.data.isoformat() if isinstance(self.data, dt.date) else ""

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, dt.date) else None

    def process_formdata(self, valuelist: list[Any]) -> None:
        parts = [str(v or "").strip() for v in valuelist][:3]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts  # GovDateInput unpacks exactly three
        self.data = None
        self.problem = None
        if any(parts):
            self.data, self.problem = self._parse(*parts)

    def _parse(self, day: str, month: str, year: str) -> tuple[dt.date | None, str | None]:
        missing = [
            name for name, value in (("day", day), ("month", month), ("year", year)) if not value
        ]
        if missing:
            return None, f"{self.subject} must include a {' and a '.join(missing)}"
        # ASCII digits only, and no more of them than a real date has: a day of
        # 99999999999999999999 is not a date (and too big for dt.date to be asked about it).
        if not (_PART.fullmatch(day) and _PART.fullmatch(month) and _DIGITS.fullmatch(year)):
            return None, f"{self.subject} must be a real date"
        if len(year) != 4:
            return None, "Year must include 4 numbers"
        try:
            value = dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            return None, f"{self.subject} must be a real date"
        if self.years and not self.years[0] <= value.year <= self.years[1]:
            first, last = self.years
            return None, self.out_of_range.format(subject=self.subject, first=first, last=last)
        return value, None

    def pre_validate(self, form: Any) -> None:
        if self.problem:
            raise StopValidation(self.problem)
        if self.data is None and self.required_message:
            raise StopValidation(self.required_message)


class PastDate:
    """Validator for a GovDateField: today or earlier, and not before ``earliest``."""

    def __init__(self, earliest: dt.date, why: str) -> None:
        self.earliest = earliest
        self.why = why  # "when the law came into force"

    def __call__(self, form: Any, field: GovDateField) -> None:
        if field.data is None:
            return
        if field.data > clock.today():
            raise StopValidation(f"{field.subject} must be today or in the past")
        if field.data < self.earliest:
            raise StopValidation(
                f"{field.subject} must be on or after {self.earliest.day} "
                f"{month_year(self.earliest)}, {self.why}"
            )


# The Acts and the Regulations came into force on 1 January 2005; nothing can be earlier.
EARLIEST_DATE = dt.date(2005, 1, 1)

PAST_DATES = DateRange(validators=(PastDate(EARLIEST_DATE, "when the law came into force"),))
"""A date the requester gives: today or earlier, and not before the Acts came into force."""
CALENDAR_DATES = DateRange(years=(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR))
"""A date of the regulator stage, within the years the working-day calendar covers."""
ANY_REAL_DATE = DateRange(years=(1900, 2100), out_of_range="{subject} must be a real date")
"""A date staff give: any real date (a year of four figures)."""


def date_field(
    label: str, dates: DateRange, subject: str, *, required: bool | str = False, **kwargs: Any
) -> Any:
    """A date question (GovDateField): ``subject`` names the date in its messages; ``required``
    is the message when it is left blank, True for "Enter" and the subject ("Enter the date
    of the response")."""
    if required is True:
        required = f"Enter {subject[0].lower()}{subject[1:]}"
    return GovDateField(
        label, dates=dates, subject=subject, required_message=required or None, **kwargs
    )


def text_field(
    label: str,
    limit: int | None = None,
    subject: str = "",
    *,
    required: str | None = None,
    description: str | None = None,
    kind: type[Field] = GovStringField,
    **kwargs: Any,
) -> Any:
    """A field someone types in (``kind``: GovStringField unless said): with ``required``,
    that message when it is left empty; with ``limit`` (one of domain.limits), max_length's
    message ("Name must be 100 characters or fewer", ``subject`` naming it)."""
    validators: list[Any] = [InputRequired(message=required)] if required else []
    if limit is not None:
        validators.append(max_length(limit, subject))
    return kind(label, description=description or "", validators=validators, **kwargs)


def choice_field(
    label: str,
    choices: Sequence[Any],
    *,
    required: str,
    kind: type[Field] = GovRadioField,
    **kwargs: Any,
) -> Any:
    """A question with a set of answers (radios unless ``kind`` says otherwise), ``required``
    its message when none is chosen."""
    return kind(label, choices=choices, validators=[InputRequired(message=required)], **kwargs)


def reason_field(
    label: str,
    limit: int,
    *,
    description: str | None = None,
    required: str | None = None,
) -> Any:
    """A free-text "why" box: "Reason must be N characters or fewer", and with ``required``
    that message when it is left empty."""
    return text_field(
        label, limit, "Reason", required=required, description=description, kind=GovTextAreaField
    )


def without_compliance_field() -> Any:
    """On the close forms: close a case although the steps a decision notice ordered are not
    recorded as taken (shown only then; cases.services.close asks for it)."""
    return GovBooleanField("Close the case without a record that the steps were taken")
