"""Forms for the staff pages: queue filters, triage, decisions and complaints entered by staff.

Every form that changes a case carries the case ``version`` it was loaded at, which the
service compares (optimistic locking): a stale form is refused, never silently applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    IntegerField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import HiddenInput

from review_service.cases.models import Case, CitedProvision, Ground
from review_service.domain import limits
from review_service.domain.calendar import Regime
from review_service.domain.exemptions import choices as catalogue_choices
from review_service.domain.exemptions import lookup, normalise_provision
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.review import GENERAL_GROUNDS, GroundKind, ProvisionOutcome
from review_service.reviews.models import ReviewDecision
from review_service.web.fields import (
    ANY_REAL_DATE,
    GovBooleanField,
    GovCheckboxesField,
    GovDateField,
    GovEmailField,
    GovRadioField,
    GovSelectField,
    GovSubmitField,
    GovTextAreaField,
    choice_field,
    text_field,
)

PROVISION_ROWS = 5  # provision lines offered when entering a complaint


def _text_area(label: str, limit: int, description: str | None = None) -> Any:
    """An optional text area of at most ``limit`` (one of domain.limits) characters."""
    return text_field(label, limit, description=description, kind=GovTextAreaField)


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms 3.3 deprecates tuple choices: build SelectChoice objects."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def hidden_version() -> IntegerField:
    return IntegerField(
        widget=HiddenInput(),
        validators=[InputRequired(message="This form is out of date: reload the page")],
    )


class VersionedForm(FlaskForm):
    """A form that changes a case, carrying the version of the case it was loaded at."""

    version = hidden_version()

    def refresh_version(self, version: int) -> None:
        """After a stale save, keep what was typed but take the case's current version."""
        self.version.data = version
        self.version.raw_data = [str(version)]


# -- the queue -----------------------------------------------------------------------------


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form: nothing changes

    q = text_field(
        "Search",
        limits.SEARCH,
        "Search",
        description="A case reference, the requester's name or words from their request",
    )
    status = GovCheckboxesField("Status", validate_choice=False)
    reviewer = GovSelectField("Reviewer", validate_choice=False)
    authority = GovSelectField("Authority", validate_choice=False)
    regime = GovSelectField("Law", validate_choice=False)
    provision = GovSelectField("Provision", validate_choice=False)
    due_from = GovDateField("Due on or after", dates=ANY_REAL_DATE)
    due_to = GovDateField("Due on or before", dates=ANY_REAL_DATE)
    order = GovSelectField(
        "Order",
        choices=options((("asc", "Due soonest first"), ("desc", "Due latest first"))),
        validate_choice=False,
    )
    submit = GovSubmitField("Apply filters")

    def validate_due_to(self, field: Field) -> None:
        if self.due_from.data and field.data and field.data < self.due_from.data:
            raise ValidationError(
                "‘Due on or before’ must be the same as or after ‘Due on or after’"
            )


def status_options() -> list[SelectChoice]:
    return options((s.value, s.label) for s in CaseStatus)


def regime_options(blank: str | None = None) -> list[SelectChoice]:
    pairs = [(r.value, f"{r.name} – {r.label}") for r in Regime]
    return options(([("", blank)] if blank is not None else []) + pairs)


# -- triage (the short action forms are built from staff/action_pages.py) --------------


class OriginalDecisionMakerForm(VersionedForm):
    staff_member = GovSelectField("Member of staff", validate_choice=False)
    name = text_field("Or their name, if they have no account here", limits.NAME, "Name")
    submit = GovSubmitField("Save")


class AssignForm(VersionedForm):
    # The service, not the choice list, decides who may review: a stale list or a hand-made
    # POST still gets the rule's own message.
    reviewer = GovSelectField("Reviewer", validate_choice=False)
    submit = GovSubmitField("Assign")


class IssueForm(VersionedForm):
    submit = GovSubmitField("Issue the outcome letter")


class CorrectionForm(VersionedForm):
    note = _text_area(
        "What does the correction change?",
        limits.GROUND_TEXT,
        "This note is printed at the top of the corrected letter.",
    )
    submit = GovSubmitField("Issue the corrected letter")


# -- the decision --------------------------------------------------------------------------


class DecisionFormBase(VersionedForm):
    released_information = _text_area(
        "What information will now be released?",
        limits.NOTES,
        "Leave blank if nothing more is released. This goes in the letter.",
    )
    letter_summary = _text_area(
        "Summary for the letter",
        limits.NOTES,
        "Opening words of the outcome letter, after the standard first paragraph.",
    )
    internal_notes = _text_area(
        "Internal notes",
        limits.NOTES,
        "For colleagues only: never printed in a letter or shown to the requester.",
    )
    submit = GovSubmitField("Save findings")

    # (choice field, fields that only mean something with a choice, message), set per case.
    dependent_fields: tuple[tuple[str, tuple[str, ...], str], ...] = ()

    def validate(self, extra_validators: Any = None) -> bool:
        """A draft may leave questions open, but reasons need the finding they explain: a
        finding is stored with its reasons, so reasons without one could not be kept."""
        ok = super().validate(extra_validators)
        for choice, dependents, message in self.dependent_fields:
            if self[choice].data:
                continue
            if any((self[name].data or "").strip() for name in dependents if name in self):
                self[choice].errors = [message]
                ok = False
        return ok


@dataclass(frozen=True)
class GroundRow:
    ground: Ground
    title: str
    upheld: Field
    reasons: Field


@dataclass(frozen=True)
class ProvisionRow:
    cited: CitedProvision
    finding: Field
    replacement: Field
    reasons: Field
    public_interest: Field | None


@dataclass(frozen=True)
class DecisionFormLayout:
    form: DecisionFormBase
    grounds: list[GroundRow]
    provisions: list[ProvisionRow]


def ground_title(ground: Ground) -> str:
    kind = GroundKind(ground.kind)
    if kind is GroundKind.PROVISION and ground.cited_provision is not None:
        cited = ground.cited_provision
        return f"{cited.provision} {cited.title}: {kind.label.lower()}"
    return kind.label


UPHELD_CHOICES = (("yes", "Upheld: the requester is right on this point"), ("no", "Not upheld"))
FINDING_CHOICES = tuple((f.value, f.label) for f in ProvisionOutcome)


def _ground_field(ground_id: int, part: str) -> str:
    return f"ground_{ground_id}_{part}"


def _provision_field(cited_id: int, part: str) -> str:
    return f"provision_{cited_id}_{part}"


def decision_field_map(case: Case) -> dict[str, str]:
    """Service error keys (``ground-7-reasons``) -> form field names (``ground_7_reasons``)."""
    mapping: dict[str, str] = {}
    for ground in case.grounds:
        mapping[f"ground-{ground.id}"] = _ground_field(ground.id, "upheld")
        mapping[f"ground-{ground.id}-reasons"] = _ground_field(ground.id, "reasons")
    for cited in case.refusal_notice.provisions:
        mapping[f"provision-{cited.id}"] = _provision_field(cited.id, "finding")
        mapping[f"provision-{cited.id}-replacement"] = _provision_field(cited.id, "replacement")
        mapping[f"provision-{cited.id}-reasons"] = _provision_field(cited.id, "reasons")
        mapping[f"provision-{cited.id}-public-interest"] = _provision_field(
            cited.id, "public_interest"
        )
    return mapping


def _reasons_field(label: str, hint: str | None = None) -> TextAreaField:
    return _text_area(label, limits.GROUND_TEXT, hint)


def decision_form(
    case: Case, decision: ReviewDecision | None, *, prefill: bool
) -> DecisionFormLayout:
    """A form with one set of fields per ground and per provision of this case.

    ``prefill``: start from the saved findings (a fresh page). On a POST only what was sent
    counts, so that an answer the reviewer left blank is never filled in from the database.
    """

    class DecisionForm(DecisionFormBase):
        pass

    regime = Regime(case.regime)
    replacement_choices = options(
        [("", "Select the provision now relied on"), *catalogue_choices(regime)]
    )
    for ground in case.grounds:
        title = ground_title(ground)
        setattr(
            DecisionForm,
            _ground_field(ground.id, "upheld"),
            GovRadioField(
                f"Is this ground upheld? {title}",
                choices=options(UPHELD_CHOICES),
                validate_choice=True,
                validators=[_optional_choice],
            ),
        )
        setattr(DecisionForm, _ground_field(ground.id, "reasons"), _reasons_field("Reasons"))
    for cited in case.refusal_notice.provisions:
        setattr(
            DecisionForm,
            _provision_field(cited.id, "finding"),
            GovRadioField(
                f"Finding on {cited.provision}",
                choices=options(FINDING_CHOICES),
                validators=[_optional_choice],
            ),
        )
        setattr(
            DecisionForm,
            _provision_field(cited.id, "replacement"),
            GovSelectField(
                "If replaced, the provision now relied on",
                choices=replacement_choices,
                validate_choice=False,
            ),
        )
        setattr(DecisionForm, _provision_field(cited.id, "reasons"), _reasons_field("Reasons"))
        # Offered for an absolute provision too: replaced by a qualified one (s.41(1) by
        # s.43(2)), the provision now relied on needs the balance (issue 11 item 4).
        setattr(
            DecisionForm,
            _provision_field(cited.id, "public_interest"),
            _reasons_field(
                "The public-interest balance",
                "Needed only if you replace this provision with one the public-interest test "
                "applies to: set out the arguments for and against disclosure and why the "
                "balance falls where it does."
                if cited.absolute
                else "The public-interest test applies: set out the arguments for and against "
                "disclosure and why the balance falls where it does.",
            ),
        )

    DecisionForm.dependent_fields = (
        *(
            (
                _ground_field(g.id, "upheld"),
                (_ground_field(g.id, "reasons"),),
                "Select whether the ground is upheld, or its reasons cannot be saved",
            )
            for g in case.grounds
        ),
        *(
            (
                _provision_field(c.id, "finding"),
                tuple(
                    _provision_field(c.id, part)
                    for part in ("replacement", "reasons", "public_interest")
                ),
                f"Select maintained, withdrawn or replaced for {c.provision}, or its reasons "
                "cannot be saved",
            )
            for c in case.refusal_notice.provisions
        ),
    )
    form = DecisionForm(data=_decision_data(case, decision) if prefill else None)
    grounds = [
        GroundRow(
            ground=g,
            title=ground_title(g),
            upheld=form[_ground_field(g.id, "upheld")],
            reasons=form[_ground_field(g.id, "reasons")],
        )
        for g in case.grounds
    ]
    provisions = [
        ProvisionRow(
            cited=c,
            finding=form[_provision_field(c.id, "finding")],
            replacement=form[_provision_field(c.id, "replacement")],
            reasons=form[_provision_field(c.id, "reasons")],
            public_interest=form[_provision_field(c.id, "public_interest")],
        )
        for c in case.refusal_notice.provisions
    ]
    return DecisionFormLayout(form=form, grounds=grounds, provisions=provisions)


def _optional_choice(form: Any, field: Field) -> None:
    """A draft may leave a finding unanswered; only a wrong value is an error."""
    if not field.raw_data or not field.raw_data[0]:
        field.errors[:] = []
        field.data = None


def _decision_data(case: Case, decision: ReviewDecision | None) -> dict[str, Any]:
    data: dict[str, Any] = {"version": case.version}
    if decision is None:
        return data
    data.update(
        released_information=decision.released_information,
        letter_summary=decision.letter_summary,
        internal_notes=decision.internal_notes,
    )
    for finding in decision.ground_findings:
        data[_ground_field(finding.ground_id, "upheld")] = "yes" if finding.upheld else "no"
        data[_ground_field(finding.ground_id, "reasons")] = finding.reasons
    for pf in decision.provision_findings:
        data[_provision_field(pf.cited_provision_id, "finding")] = pf.finding
        data[_provision_field(pf.cited_provision_id, "replacement")] = pf.replacement_provision
        data[_provision_field(pf.cited_provision_id, "reasons")] = pf.reasons
        data[_provision_field(pf.cited_provision_id, "public_interest")] = (
            pf.public_interest_reasons
        )
    return data


def decision_values(layout: DecisionFormLayout) -> Mapping[str, Any]:
    """The submitted answers in the shapes reviews.services.DecisionInput takes."""
    grounds = []
    for row in layout.grounds:
        answer = row.upheld.data
        grounds.append(
            {
                "ground_id": row.ground.id,
                "upheld": None if answer not in ("yes", "no") else answer == "yes",
                "reasons": row.reasons.data or "",
            }
        )
    provisions = []
    for prow in layout.provisions:
        provisions.append(
            {
                "cited_provision_id": prow.cited.id,
                "finding": prow.finding.data or None,
                "replacement_provision": prow.replacement.data or "",
                "reasons": prow.reasons.data or "",
                "public_interest_reasons": (
                    prow.public_interest.data or "" if prow.public_interest is not None else ""
                ),
            }
        )
    form = layout.form
    return {
        "grounds": grounds,
        "provisions": provisions,
        "released_information": form.released_information.data or "",
        "letter_summary": form.letter_summary.data or "",
        "internal_notes": form.internal_notes.data or "",
    }


# -- a complaint entered by staff ----------------------------------------------------------

GROUND_CHOICES = (
    (GroundKind.PROVISION.value, "The authority was wrong to rely on the provisions it cited"),
    *((kind.value, kind.label) for kind in GENERAL_GROUNDS),
)


def ground_text_field(kind: str) -> str:
    return f"ground_text_{kind}"


class EnterComplaintForm(FlaskForm):
    requester_name = text_field(
        "Requester's full name", limits.NAME, "Name", required="Enter the requester's name"
    )
    requester_email = text_field(
        "Requester's e-mail address",
        limits.EMAIL,
        "E-mail address",
        required="Enter the requester's e-mail address",
        description="Updates and letters go here. If they have no account, one is made that "
        "they can claim by registering with this address.",
        kind=GovEmailField,
    )
    received_on = GovDateField(
        "When did the request for review arrive?",
        dates=ANY_REAL_DATE,
        description="The date on the letter or e-mail, for example 27 3 2026. This is day 0 of "
        "the review clock.",
        required_message="Enter the date the request for review arrived",
    )
    authority = GovSelectField("Authority", validate_choice=False)
    regime = choice_field(
        "Which law was the request made under?",
        regime_options(),
        required="Select which law the request was made under",
    )
    request_reference = text_field(
        "The authority's reference for the request", limits.REQUEST_REFERENCE, "Reference"
    )
    request_sent_on = GovDateField("When was the original request sent?", dates=ANY_REAL_DATE)
    request_received_on = GovDateField(
        "When did the authority receive the request?", dates=ANY_REAL_DATE
    )
    request_text = _text_area("The original request", limits.REQUEST_TEXT)
    no_response = GovBooleanField("The authority did not respond")
    response_date = GovDateField("Date of the response", dates=ANY_REAL_DATE)
    response_text = _text_area("Text of the response (refusal notice)", limits.RESPONSE_TEXT)
    acting_for_someone_else = GovBooleanField("The requester is acting for someone else")
    previous_regulator_reference = text_field(
        "Earlier ICO or SIC case reference, if any", limits.REGULATOR_REFERENCE, "Reference"
    )
    grounds = choice_field(
        "What is the requester unhappy about?",
        options(GROUND_CHOICES),
        required="Select at least one reason the requester gives",
        kind=GovCheckboxesField,
    )
    submit = GovSubmitField("Enter the complaint")

    def cited(self) -> list[tuple[str, bool]]:
        """(normalised provision, NCND) for each provision line filled in."""
        cited = []
        regime = self.regime.data
        for i in range(1, PROVISION_ROWS + 1):
            text = (self[f"provision_{i}"].data or "").strip()
            if text and regime:
                cited.append((normalise_provision(regime, text), bool(self[f"ncnd_{i}"].data)))
        return cited

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        regime = self.regime.data
        if regime not in {r.value for r in Regime}:
            return False
        for i in range(1, PROVISION_ROWS + 1):
            field = self[f"provision_{i}"]
            text = (field.data or "").strip()
            if not text:
                continue
            try:
                normalised = normalise_provision(regime, text)
            except ValueError:
                normalised = ""
            if not normalised or lookup(regime, normalised) is None:
                example = rules_for(regime).example_provision
                field.errors = [f"Enter a provision of the {Regime(regime).label}, like {example}"]
                ok = False
        return ok


for _i in range(1, PROVISION_ROWS + 1):
    setattr(
        EnterComplaintForm,
        f"provision_{_i}",
        text_field(f"Provision {_i}", limits.PROVISION, "Provision"),
    )
    setattr(
        EnterComplaintForm,
        f"ncnd_{_i}",
        GovBooleanField("Neither confirm nor deny"),
    )
for _kind, _label in GROUND_CHOICES:
    setattr(
        EnterComplaintForm,
        ground_text_field(_kind),
        _text_area("What the requester says", limits.GROUND_TEXT),
    )
