"""One source for field limits (domain/limits.py): the columns, the forms, the services and
the API document all give the same maximum, with one wording of the message (issue 14)."""

from review_service.api.openapi import build_document
from review_service.cases.models import Case
from review_service.domain import limits
from review_service.regulator.forms import RegulatorDetailsForm
from review_service.regulator.models import DecisionNotice, RegulatorReferral, TribunalAppeal


def test_the_message_names_the_field_and_the_limit() -> None:
    assert limits.too_long(60, "Reference") == "Reference must be 60 characters or fewer"
    assert limits.too_long(5_000) == "Must be 5,000 characters or fewer"


def test_a_regulator_reference_has_one_length_everywhere() -> None:
    columns = [
        RegulatorReferral.__table__.c.regulator_reference,
        DecisionNotice.__table__.c.reference,
        TribunalAppeal.__table__.c.tribunal_reference,
        Case.__table__.c.previous_regulator_reference,
    ]
    assert {column.type.length for column in columns} == {limits.REGULATOR_REFERENCE}
    schemas = build_document()["components"]["schemas"]
    assert schemas["DecisionNoticeInput"]["properties"]["reference"]["maxLength"] == (
        limits.REGULATOR_REFERENCE
    )


def test_a_form_field_checks_the_same_limit_with_the_same_message() -> None:
    validators = RegulatorDetailsForm.regulator_reference.kwargs["validators"]
    [length] = [v for v in validators if getattr(v, "max", -1) != -1]
    assert length.max == limits.REGULATOR_REFERENCE
    assert length.message == "Reference must be 60 characters or fewer"
