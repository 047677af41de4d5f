"""Reading refusal notices: reference, date, regime, review window and the provisions relied on.

The fixture notices in tests/fixtures/notices/ were written for these tests in the styles of
different authorities; expected.json holds what a careful human reader takes from each one.
The spellings and traps tested one by one below are those listed in DOMAIN.md, "What a notice
reader meets in real notices".
"""

import json
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_service.domain import notice_reader
from review_service.domain.calendar import Regime
from review_service.domain.notice_reader import FoundProvision, NoticeReading, read_notice

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
# CI checks shared/ out beside the clone, not inside it; a worktree sits one level deeper.
SAMPLES = next(
    (
        folder / "shared" / "samples"
        for folder in Path(__file__).resolve().parents[2].parents
        if (folder / "shared" / "samples").is_dir()
    ),
    Path(__file__).resolve().parents[2].parent / "shared" / "samples",
)
MPS_SAMPLE = SAMPLES / "mps-refusal-notice-2018030000548.txt"


def provisions(text: str) -> list[str]:
    return [found.provision for found in read_notice(text).provisions]


def found(text: str) -> dict[str, FoundProvision]:
    return {p.provision: p for p in read_notice(text).provisions}


# --- The fixture notices ------------------------------------------------------------------------


def test_every_fixture_notice_has_an_expectation():
    notices = sorted(path.name for path in FIXTURES.glob("*.txt"))
    assert len(notices) >= 15
    assert notices == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_notice_is_read_as_expected(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")

    reading = read_notice(text)

    assert {**reading.to_json(), "warnings": list(reading.warnings)} == EXPECTED[name]


@pytest.mark.skipif(not MPS_SAMPLE.exists(), reason="shared/samples is not checked out")
def test_the_real_metropolitan_police_notice():
    reading = read_notice(MPS_SAMPLE.read_text(encoding="utf-8"))

    assert reading.to_json() == {
        "reference": "2018030000548",
        # The notice carries no date of its own; 15/03/2018 is when the request was received.
        "date": None,
        "regime": "foia",
        # "within forty (40) working days from the date of the refusal notice"
        "review_window_working_days": 40,
        "provisions": [
            {
                "provision": "s.24(2)",
                "section": "24",
                "title": "National security",
                "absolute": False,
                "ncnd": True,
            },
            {
                "provision": "s.31(3)",
                "section": "31",
                "title": "Law enforcement",
                "absolute": False,
                "ncnd": True,
            },
        ],
    }
    assert reading.warnings == ()


# --- Citation spellings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The information is exempt under Section 24(2).", ["s.24(2)"]),
        ("It is withheld under s.31(1)(a).", ["s.31(1)(a)"]),
        ("Names are exempt under s 40 (2) of the Act.", ["s.40(2)"]),
        ("We rely on section 43(2) (commercial interests).", ["s.43(2)"]),
        ("We rely on the exemption under sections 30 and 31.", ["s.30", "s.31"]),
        ("Section 30(1)(a) - Investigations", ["s.30(1)(a)"]),
        ("Section 30(1)(a) \u2013 Investigations", ["s.30(1)(a)"]),
        ("The minutes are exempt under section 36(2) (b) (i).", ["s.36(2)(b)(i)"]),
        ("Withheld under Section 31(1)(a)(b).", ["s.31(1)(a)", "s.31(1)(b)"]),
        ("We rely on S23(5).", ["s.23(5)"]),
        ("We rely on S40 (5).", ["s.40(5)"]),
        ("The request is refused under s12.", ["s.12"]),
        ("It is exempt under section s.38(1)(b).", ["s.38(1)(b)"]),
        ("Sections 24 and 31 apply.", ["s.24", "s.31"]),
        (
            "The exemptions at sections 36(2)(b)(i), (ii) and 36(2)(c) apply.",
            ["s.36(2)(b)(i)", "s.36(2)(b)(ii)", "s.36(2)(c)"],
        ),
        ("Names are exempt under section 40(2) & (5).", ["s.40(2)", "s.40(5)"]),
        ("We neither confirm nor deny under section 40(5B)(a)(i).", ["s.40(5B)(a)(i)"]),
        ("Exempt under ss.40(2), 41 and 43(2).", ["s.40(2)", "s.41", "s.43(2)"]),
        ("Exempt under Sec. 22A.", ["s.22A"]),
        ("Exempt under section 38(1)(a) to (c).", ["s.38(1)(a)", "s.38(1)(b)", "s.38(1)(c)"]),
        ("Exempt under section 36(2)(b)(i)-(ii).", ["s.36(2)(b)(i)", "s.36(2)(b)(ii)"]),
        ("Exempt under section 43 (2).", ["s.43(2)"]),
    ],
)
def test_foia_citation_spellings(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regulation 12(5)(b) applies.", ["reg 12(5)(b)"]),
        ("Names are withheld under reg. 13.", ["reg 13"]),
        ("We rely on Regulation 12(4)(b).", ["reg 12(4)(b)"]),
        ("We rely on regulations 12(4)(d) and 12(5)(e).", ["reg 12(4)(d)", "reg 12(5)(e)"]),
        ("Withheld under Regulation 13(1).", ["reg 13(1)"]),
    ],
)
def test_eir_citation_spellings(text, expected):
    body = "We have dealt with your request under the Environmental Information Regulations 2004. "
    assert provisions(body + text) == expected


def test_eir_regulations_called_sections():
    text = (
        "Your request has been handled under the Environmental Information Regulations 2004. "
        "The contract price is withheld under section 12(5)(e). The draft is withheld under "
        "section 12(4)(d) of the EIR."
    )
    assert provisions(text) == ["reg 12(5)(e)", "reg 12(4)(d)"]


def test_a_citation_broken_across_lines_is_read_whole():
    assert provisions("The names are exempt under Section\n40(2) of the Act.") == ["s.40(2)"]
    assert provisions("The names are exempt under section\n\n40(2) of the Act.") == ["s.40(2)"]
    assert provisions("Withheld under section 36(2)\n(b)(i).") == ["s.36(2)(b)(i)"]


def test_a_bare_number_in_an_exemption_column_is_a_citation():
    text = (
        "| Document | Exemption applied |\n"
        "|---|---|\n"
        "| Minutes | 36(2)(b)(i) |\n"
        "| Contract | 43(2), 41 |\n"
    )
    assert provisions(text) == ["s.36(2)(b)(i)", "s.43(2)", "s.41"]


def test_a_bare_number_after_an_exemptions_label_is_a_citation():
    assert provisions("Exemptions applied: 40(2), 43") == ["s.40(2)", "s.43"]


def test_numbers_in_other_table_columns_are_not_citations():
    text = "| Year | Incidents |\n|---|---|\n| 2023 | 40 |\n| 2024 | 31 |\n"
    assert provisions(text) == []


# --- Things that are not provisions relied on ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Section 17 of the Act provides that we must give you a refusal notice.",
        "This is a refusal notice under section 17(1). See also sections 17(4) and 17(7).",
        "Section 1(1)(a) of the Act gives you the right to know whether we hold information.",
        "The duty in Section 1 (1) (a) does not apply.",
        "You may apply to the Information Commissioner under section 50.",
        "We have a duty to advise and assist under section 16, as the section 45 code says.",
        "An offence under section 77 may be committed. Section 84 defines information.",
        "See section 8 and section 10 of the Act, and section 54.",
        "Under section 24 of the Data Protection Act 2018 the data is exempt.",
        "The Data Protection Act 2018, section 24(1), refers to manual unstructured data.",
        "We used Regulation 4(4) of the Freedom of Information and Data Protection "
        "(Appropriate Limit and Fees) Regulations 2004.",
        "The Freedom of Information Act 2000 (c. 36) applies to us.",
        "We are registered under section 31 of the Police Act 1996.",
        "It's 40 days since we wrote to you.",
        "Please write to us at Sheffield S40 4GH.",
        "The exemptions are listed in sections 21 to 44 of the Act.",
        "Annual reports for 2019 and 2024 are attached.",
    ],
)
def test_procedural_sections_and_other_laws_are_not_reported(text):
    assert provisions(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "We have not applied section 43.",
        "We have not applied section 43 or section 41.",
        "We are not relying on section 43(2) for this information.",
        "We have decided not to rely on the exemption at section 43.",
        "Section 43 does not apply, as the contract has ended.",
        "Section 43 has not been applied.",
        "We considered whether section 41 applied, but concluded that it does not.",
        "I do not uphold the use of section 30(1)(a).",
        "Section 31(1)(a) is no longer relied upon.",
        "We have withdrawn our reliance on section 36.",
    ],
)
def test_exemptions_considered_but_not_relied_on_are_not_reported(text):
    assert provisions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The original response relied on section 30(1)(a) and section 31(1)(a). "
            "I do not uphold the use of section 30(1)(a). I uphold section 31(1)(a).",
            ["s.31(1)(a)"],
            id="the_last_word_on_an_exemption_wins",
        ),
        pytest.param(
            "Section 40(2) applies to the names; we have not applied section 43 to the prices.",
            ["s.40(2)"],
            id="negating_one_exemption_leaves_the_others_in_the_sentence",
        ),
        pytest.param(
            "Some prices are withheld as shown in Annex A.\n\n"
            "Annex A - Prices paid in 2023\n\n"
            "The unit rates are withheld under section 43(2).",
            ["s.43(2)"],
            id="an_annex_of_data_is_not_a_legal_annex",
        ),
        pytest.param(
            "The assessments are exempt under section 24(1).\n\n"
            "Section 24(1) provides:\n\n"
            '"Information which does not fall within section 23(1) is exempt information if '
            "exemption from section 1(1)(b) is required for the purpose of safeguarding national "
            'security."\n\n'
            "We have considered the public interest.",
            ["s.24(1)"],
            id="a_verbatim_quote_of_the_act_is_not_a_citation",
        ),
        pytest.param(
            'Section 24(1) says that "information which does not fall within section 23(1) is '
            'exempt information if exemption is required for safeguarding national security".',
            ["s.24(1)"],
            id="an_inline_quote_of_the_act_is_not_a_citation",
        ),
        pytest.param(
            "We rely on section 31(1)(a).\n\n> (3) The duty does not arise under section 30(1).",
            ["s.31(1)(a)"],
            id="a_blockquote_is_not_a_citation",
        ),
        pytest.param(
            "We rely on section 43(2). Section 40(2) also applies. Section 43(2) is qualified, "
            "and section 40(2) is absolute.",
            ["s.43(2)", "s.40(2)"],
            id="repeated_citations_are_reported_once_in_order_of_first_appearance",
        ),
        pytest.param(
            "Section 40 applies to the names. In particular, section 40(2) applies.",
            ["s.40(2)"],
            id="a_bare_section_gives_way_to_the_specific_citation",
        ),
        pytest.param(
            "Section 40 applies to the names. Section 43(2) applies to prices. See s.40(2).",
            ["s.40(2)", "s.43(2)"],
            id="the_specific_citation_takes_the_place_where_the_section_first_appeared",
        ),
        pytest.param(
            "Section 31 applies: in particular sections 31(1)(a) and 31(3).",
            ["s.31(1)(a)", "s.31(3)"],
            id="a_bare_section_gives_way_to_several_specific_ones",
        ),
    ],
)
def test_what_is_cited(text, expected):
    """Which citations count (not negated, not quoted, not a data annex), each once, a bare
    section giving way to the specific ones, in order of first appearance."""
    assert provisions(text) == expected


def test_nothing_is_taken_from_a_legal_annex():
    text = (
        "The names are exempt under section 40(2).\n\n"
        "Legal Annex\n\n"
        "Section 17(1) of the Act provides: a public authority must give a notice.\n\n"
        "Section 23(1): Information is exempt information if it relates to a security body.\n\n"
        "Section 43 - Commercial interests"
    )
    reading = read_notice(text)
    assert [p.provision for p in reading.provisions] == ["s.40(2)"]
    assert reading.warnings == ()


@pytest.mark.parametrize(
    "heading",
    ["ANNEX", "Annex A", "Annex 1 - Relevant legislation", "Appendix B: the exemptions",
     "Legal annex", "Relevant legislation", "Statutory annex"],
)  # fmt: skip
def test_legal_annex_headings(heading):
    text = f"We rely on section 40(2).\n\n{heading}\n\nSection 43(2) provides an exemption."
    assert provisions(text) == ["s.40(2)"]


def test_provisions_only_in_the_annex_are_flagged_for_checking():
    text = (
        "Some information is withheld. Please see the legal annex.\n\n"
        "LEGAL ANNEX\n\nSection 43(2) provides that information is exempt if ..."
    )
    reading = read_notice(text)
    assert reading.provisions == ()
    assert reading.warnings and "s.43(2)" in reading.warnings[0]


# --- Absolute, qualified and NCND ---------------------------------------------------------------


def test_absolute_and_qualified_come_from_the_catalogue():
    result = found("We rely on sections 40(2), 43(2), 21 and 36(2)(c).")
    assert result["s.40(2)"].absolute is True
    assert result["s.21"].absolute is True
    assert result["s.43(2)"].absolute is False
    assert result["s.36(2)(c)"].absolute is False  # not the Houses of Parliament


def test_found_provision_carries_catalogue_details():
    result = found("The request is refused under section 14(1).")["s.14(1)"]
    assert result.section == "14(1)"
    assert result.title == "Vexatious requests"
    assert result.kind == "refusal_ground"


@pytest.mark.parametrize(
    "citation",
    ["Regulation 5(3) of the EIR", "reg. 5(3)", "5(3) of the EIR", "regulation 5 (3) of the EIRs"],
)
def test_eir_regulation_5_3_is_read_as_the_applicants_own_data(citation):
    # EIR reg 5(3): the applicant's own personal data are outside the duty to disclose; the
    # EIR counterpart of FOIA s.40(1), beside reg 13 for everyone else's.
    text = (
        "Environmental Information Regulations 2004\n\nThe notes about you are withheld under "
        f"{citation}, and the names of the other residents under regulation 13."
    )
    reading = read_notice(text)
    assert reading.regime is Regime.EIR
    result = {p.provision: p for p in reading.provisions}
    assert list(result) == ["reg 5(3)", "reg 13"]
    assert result["reg 5(3)"].kind == "exclusion"
    assert result["reg 5(3)"].absolute is True
    assert result["reg 5(3)"].ncnd is False


@pytest.mark.parametrize(
    ("text", "provision"),
    [
        ("We neither confirm nor deny, by virtue of Section 24(2).", "s.24(2)"),
        ("The duty to confirm or deny does not arise: Section 31 (3) applies.", "s.31(3)"),
        ("We rely on section 40(5).", "s.40(5)"),
        ("We rely on section 40(5A).", "s.40(5A)"),
        ("We rely on S23(5).", "s.23(5)"),
        ("We rely on section 43(3).", "s.43(3)"),
        ("We can neither confirm nor deny whether we hold it, under section 23.", "s.23"),
        ("We will neither confirm or deny that information is held (s.31).", "s.31"),
    ],
)
def test_ncnd_responses(text, provision):
    assert found(text)[provision].ncnd is True


def test_an_exemption_applied_to_held_information_is_not_ncnd():
    result = found(
        "The locations are exempt under section 31(1)(a). For question 2 we neither confirm "
        "nor deny under section 24(2)."
    )
    assert result["s.31(1)(a)"].ncnd is False
    assert result["s.24(2)"].ncnd is True


def test_foisa_section_18_makes_the_exemptions_cited_with_it_ncnd():
    text = (
        "Freedom of Information (Scotland) Act 2002\n\n"
        "Under section 18(1) of FOISA we neither confirm nor deny whether we hold the "
        "information.\n\n"
        "If it were held, it would be exempt under sections 35(1)(a) and (b) of FOISA.\n\n"
        "Question 2\n\nThe figures are attached.\n\nQuestion 3\n\nThe policy is published.\n\n"
        "Question 4\n\nThe names of staff are withheld under section 38(1)(b) of FOISA."
    )
    reading = read_notice(text)
    assert reading.regime is Regime.FOISA
    assert [(p.provision, p.ncnd) for p in reading.provisions] == [
        ("s.35(1)(a)", True),
        ("s.35(1)(b)", True),
        ("s.38(1)(b)", False),
    ]


@pytest.mark.parametrize(
    ("text", "warned_of"),
    [
        pytest.param(
            "Freedom of Information (Scotland) Act 2002. We neither confirm nor deny under "
            "section 18(1) of FOISA.",
            "s.18",
            id="foisa_section_18_alone_is_flagged",
        ),
        pytest.param(
            "We have handled your request under the Environmental Information (Scotland) "
            "Regulations 2004 (the EISRs). Regulation 10(5)(b) applies.",
            "Scotland",
            id="a_scottish_environmental_notice_is_flagged",
        ),
    ],
)
def test_scottish_notices_read_as_nothing_but_a_warning(text, warned_of):
    reading = read_notice(text)
    assert reading.regime is Regime.FOISA
    assert reading.provisions == ()
    assert any(warned_of in warning for warning in reading.warnings)


def test_eir_regulation_12_6_is_an_ncnd_response_under_12_5_a():
    reading = read_notice(
        "We have dealt with your request under the Environmental Information Regulations. "
        "We neither confirm nor deny that we hold the information, under regulation 12(6)."
    )
    assert [(p.provision, p.ncnd) for p in reading.provisions] == [("reg 12(5)(a)", True)]


# --- Regime -------------------------------------------------------------------------------------


def test_regime_defaults_to_foia():
    assert read_notice("Dear Sir, the information is attached.").regime is Regime.FOIA


def test_an_eir_answer_labelled_foi_is_eir():
    text = (
        "FOI reference: FOI/2024/3317\n\n"
        "We have dealt with your request under the Environmental Information Regulations 2004 "
        "rather than the Freedom of Information Act 2000. Regulation 12(5)(b) applies."
    )
    assert read_notice(text).regime is Regime.EIR


def test_a_foi_answer_labelled_eir_is_foia():
    text = (
        "Our ref: EIR/2024/0031\n\nWe have considered your request under the Freedom of "
        "Information Act 2000. Section 43(2) applies."
    )
    reading = read_notice(text)
    assert reading.regime is Regime.FOIA
    assert reading.reference == "EIR/2024/0031"


def test_a_scottish_notice_is_foisa_and_uses_foisa_numbers():
    reading = read_notice(
        "Request under the Freedom of Information (Scotland) Act 2002 (FOISA). "
        "The advice is exempt under section 30(b)(i) of FOISA."
    )
    assert reading.regime is Regime.FOISA
    assert reading.provisions[0].title == "Prejudice to effective conduct of public affairs"


def test_mixed_foia_and_eir_notices_are_flagged():
    reading = read_notice(
        "Part of your request is environmental information, handled under the Environmental "
        "Information Regulations 2004 (EIR): regulation 12(5)(e) applies. The rest is exempt "
        "under section 43(2) of the Freedom of Information Act 2000."
    )
    assert [p.provision for p in reading.provisions] == ["reg 12(5)(e)", "s.43(2)"]
    assert any("both" in warning for warning in reading.warnings)


# --- Reference ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("Our ref: FOI 002402-19\n\nDear Sir", "FOI 002402-19"),
        ("Request ID: 1234567890\n\nDear Madam", "1234567890"),
        ("FOI reference: 01.FOI.23.033809", "01.FOI.23.033809"),
        ("Request Number: IM-FOI-2021-0942", "IM-FOI-2021-0942"),
        ("Freedom of Information Request Reference No: 2018030000548", "2018030000548"),
        ("**Our Reference:** FOI-4239-1718/GH", "FOI-4239-1718/GH"),
        ("| Our reference | FOI2020/71597 |", "FOI2020/71597"),
        ("Re: FOI2020/71597 - body worn video\n\nDear Mr Smith", "FOI2020/71597"),
        ("Thank you for your request (reference RFI-2024-118) about parking.", "RFI-2024-118"),
        ("Please quote FOI 002402-19 in any correspondence.", "FOI 002402-19"),
        ("FOI request 24-0912: library opening hours", "24-0912"),
    ],
)
def test_reference_shapes_and_labels(text, reference):
    assert read_notice(text).reference == reference


@pytest.mark.parametrize(
    "text",
    [
        "The ICO's case reference is IC-76752-Z6P5.",
        "ICO reference: FS50504126",
        "See decision notice FS50504126.",
        "Planning application reference 23/01456/FUL was approved.",
        "Your ref: ABC/12345",
        "Thank you for your FOI request of 12 March 2024.",
        "We apply the Freedom of Information Act 2000 and FOIA 2000.",
        "Phone: 0303 123 1113",
        "Dear Sir, thank you for your request.",
    ],
)
def test_numbers_that_are_not_the_notice_reference(text):
    assert read_notice(text).reference is None


def test_a_review_letter_gives_its_own_reference_not_the_original_request():
    text = (
        "Our ref: IR-2024-0117\n\n"
        "You asked for a review of our response to your original request, reference "
        "FOI-2024-0881."
    )
    assert read_notice(text).reference == "IR-2024-0117"


def test_earlier_requests_are_not_the_reference():
    text = "Your earlier requests FOI-2023-0118 and FOI-2023-0140 were answered in 2023."
    assert read_notice(text).reference is None


def test_a_labelled_header_beats_a_reference_in_prose():
    text = "This concerns FOI-2024-0001.\n\nOur ref: FOI-2024-0077"
    assert read_notice(text).reference == "FOI-2024-0077"


# --- Date ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12 March 2024", date(2024, 3, 12)),
        ("03 January 2019", date(2019, 1, 3)),
        ("28th October 2019", date(2019, 10, 28)),
        ("1st of June 2023", date(2023, 6, 1)),
        ("12/03/2024", date(2024, 3, 12)),
        ("05/03/19", date(2019, 3, 5)),  # UK order
        ("12.03.2024", date(2024, 3, 12)),
        ("2024-03-12", date(2024, 3, 12)),
        ("August 29, 2025", date(2025, 8, 29)),
        ("Sept 3, 2024", date(2024, 9, 3)),
        ("08/29/2025", date(2025, 8, 29)),  # only readable in US order
        ("Tuesday, 12 March 2024", date(2024, 3, 12)),
        ("Date: 12 March 2024", date(2024, 3, 12)),
        ("Date of response: 17/06/2024", date(2024, 6, 17)),
        ("Dated 9 July 2024", date(2024, 7, 9)),
        ("**Date:** 9 July 2024", date(2024, 7, 9)),
        ("| Date | 9 July 2024 |", date(2024, 7, 9)),
    ],
)
def test_notice_date_formats(line, expected):
    assert read_notice(f"Council Offices\n{line}\n\nDear Ms Patel").date == expected


def test_a_date_label_on_its_own_line():
    assert read_notice("Date:\n12 March 2024\n\nDear Sir").date == date(2024, 3, 12)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for your request, which we received on 5 March 2024.",
        "Your request was received on 15/03/2018.",
        "Date received: 5 March 2024",
        "Received:\n5 March 2024",
        "Thank you for your email of 2 October 2023.",
        "The meeting is on 21 October 2024, and minutes are published in March 2024.",
        "Your request of 5 March asked about parking.",
        "Dear Sir, here is the information.",
        "Date: 31 February 2024",
    ],
)
def test_dates_that_are_not_the_notice_date(text):
    assert read_notice(text).date is None


def test_the_first_dated_line_is_the_notice_date():
    text = "Date: 2 September 2024\n\nYour request dated 5 August 2024.\n\nDate: 23 July 2024"
    assert read_notice(text).date == date(2024, 9, 2)


# --- Review window ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("If you are unhappy you may ask for an internal review within 40 working days.", 40),
        (
            "Complaints should be made within forty (40) working days from the date of the notice.",
            40,
        ),
        (
            "You have 40 working days from the date of this letter to request an internal review.",
            40,
        ),
        (
            "If you are dissatisfied you can ask for a review. Please write to us within 20 "
            "working days of the date of this letter.",
            20,
        ),
        ("Internal review\n\nPlease write to us within 40 working days of this letter.", 40),
        ("Reviews must be requested within forty working days.", 40),
        ("A request for reconsideration must be made within 40 business days.", 40),
    ],
)
def test_review_window_in_working_days(text, days):
    assert read_notice(text).review_window_working_days == days


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "If you are dissatisfied, ask for a review within two months of this letter.",
            "two months",
        ),
        ("You may request an internal review within 40 days of this response.", "40 days"),
        ("Requests for review must be made within 60 calendar days.", "60 calendar days"),
    ],
)
def test_a_window_not_in_working_days_gives_none_and_a_warning(text, words):
    reading = read_notice(text)
    assert reading.review_window_working_days is None
    assert any(words in warning for warning in reading.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "We aim to respond to your request for an internal review within 20 working days.",
        "The review will be completed and we will reply within 20 working days.",
        "You may complain to the Information Commissioner within six weeks.",
        "If you are dissatisfied with the review you can complain to the ICO within 6 weeks "
        "of the internal review outcome.",
        "You can apply to the Scottish Information Commissioner. You must apply within six months.",
        "The authority must comply with the decision notice within 35 days.",
        "We must respond to requests within 20 working days.",
        "Details of how to ask for a review are in the enclosed leaflet.",
    ],
)
def test_other_time_limits_are_not_the_review_window(text):
    reading = read_notice(text)
    assert reading.review_window_working_days is None
    assert reading.warnings == ()


# --- Shape of the result ------------------------------------------------------------------------


def test_to_json_has_exactly_the_agreed_fields():
    reading = read_notice("Our ref: FOI-2024-0077\nDate: 9 July 2024\n\nRefused under s.14(1).")
    data = reading.to_json()
    assert list(data) == [
        "reference", "date", "regime", "review_window_working_days", "provisions",
    ]  # fmt: skip
    assert data["date"] == "2024-07-09"
    assert data["regime"] == "foia"
    assert list(data["provisions"][0]) == ["provision", "section", "title", "absolute", "ncnd"]
    assert json.loads(json.dumps(data)) == data


def test_an_empty_notice_reads_as_nothing_found():
    reading = read_notice("")
    assert reading == NoticeReading(None, None, Regime.FOIA, None, (), ())


# --- Robustness ---------------------------------------------------------------------------------

FRAGMENTS = [
    "Section", "section 40(2)", "s.", "S23(5)", "(", ")", "(a)", "(ii)", " and ", ", ", " & ",
    "Regulation 12(5)(b)", "reg.", "13", "40", "\n", "\n\n", "Annex", "LEGAL ANNEX",
    "provides:", '"', "neither confirm nor deny", "not applied", "Our ref:", "FOI-2024-0001",
    "Date:", "12 March 2024", "31/02/24", "within", "40 working days", "two months", "review",
    "Freedom of Information (Scotland) Act", "EIR", "|", "| Exemption |", "-", "to", "0",
    "99(99)(zz)", "\u2013", "\u00a0", "section 18(1)", "12(6)",
    # the wordings of issue 11
    "You asked:", "Your request:", "Q1:", "A1:", "Question 2", "Response", "- ", "\u2022 ",
    "sections:", "the following sections apply:", "12(4)(d)", "under 43(", "of the Act",
    "Date responded:", "Issued:", "Published:", "Yours sincerely", "FOI 19 1413",
    "-----Original Message-----", "From: A", "Sent: 1 May 2024",
    "therefore the public interest test does not apply",
    "40(3A)(a)", "formerly", "such as", "CRM:0045617", "August 2024", "Dyddiad / Date:",
    # blind batches of reader2
    "<p>", "</p>", "<td>", "</tr>", "<br>", "&amp;", "<foi@x.gov.uk>", "sub-section",
    "subsections (1)(a)", " of section ", "withheld under", "has now been released", "31(2)(a)",
    "Sent: 2 October 2024", "date:-", " (law enforcement) ", "Response to question 2",
    "no question arises under", "were therefore not correctly applied", "within the next",
    "Court of Session", "UoI-FOI-2024-0227",
    # blind batch 3
    "Date response sent:", "Responded:", "| Date responded | Reference | Subject |", "Mawrth",
    "\u00b7 ", "\uf0b7", "Page 1 of 2", "OFFICIAL", "1. ", "so we have not applied a public "
    "interest test", "This follows your request", "Our reference for this request is",
    "WBC EIR 24 1170", "representations", "\ufb01", "Date / Dyddiad:", "'", "Request: FOI 24 1",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text):
    assert isinstance(read_notice(text), NoticeReading)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_notice_like_text_never_raises(text):
    reading = read_notice(text)
    json.dumps(reading.to_json())
    for provision in reading.provisions:
        assert provision.provision.startswith(("s.", "reg "))


# Long inputs built to make a backtracking regular expression blow up: each must still be read
# in seconds (a catastrophic pattern takes minutes or hours on 100,000 characters).
ADVERSARIAL_LENGTH = 100_000
ADVERSARIAL = {
    "open brackets": "(" * ADVERSARIAL_LENGTH,
    "endless subsections": "section 40" + "(2)" * (ADVERSARIAL_LENGTH // 3),
    "spaced subsections": "section 40" + " (a)" * (ADVERSARIAL_LENGTH // 4),
    "endless list": "sections " + "40, " * (ADVERSARIAL_LENGTH // 4),
    "bare eir openings": "12(4)(" * (ADVERSARIAL_LENGTH // 6),
    "bare act openings": "under 4(" * (ADVERSARIAL_LENGTH // 8),
    "reference segments": "FOI-" + "1-" * (ADVERSARIAL_LENGTH // 2),
    "spaced reference": "FOI " + "12 " * (ADVERSARIAL_LENGTH // 3),
    "capital letters": "A " * (ADVERSARIAL_LENGTH // 2),
    "dates": "12 March 2024 " * (ADVERSARIAL_LENGTH // 14),
    "date labels": "Date responded: " * (ADVERSARIAL_LENGTH // 16),
    "durations": "within " * (ADVERSARIAL_LENGTH // 7),
    "negations": "not " * (ADVERSARIAL_LENGTH // 4) + "section 43",
    "instrument names": "The Data Of Information " * (ADVERSARIAL_LENGTH // 24) + "section 24",
    "unclosed quote": '"' + "a" * ADVERSARIAL_LENGTH,
    "quoted requests": 'you asked "' * (ADVERSARIAL_LENGTH // 11),
    "request intros": ("You asked:\n" + "Why? " * 20 + "\n\n") * (ADVERSARIAL_LENGTH // 120),
    "question lines": "Q1: why\n" * (ADVERSARIAL_LENGTH // 8),
    "annex headings": "Annex\n\n" * (ADVERSARIAL_LENGTH // 7),
    "table rows": "| a | b |\n" * (ADVERSARIAL_LENGTH // 10),
    "bullets": "- 40(2)\n" * (ADVERSARIAL_LENGTH // 8),
    "list intros": "the following sections of the " + "Aa " * (ADVERSARIAL_LENGTH // 3),
    "mail quotes": "On Monday someone wrote: " * (ADVERSARIAL_LENGTH // 25),
    "signatures": "Yours sincerely\n" * (ADVERSARIAL_LENGTH // 16),
    "blank lines": "\n" * ADVERSARIAL_LENGTH,
    "unclosed tags": "<p class='a' " * (ADVERSARIAL_LENGTH // 13),
    "table cells": "<tr><td>40(2)</td>" * (ADVERSARIAL_LENGTH // 18),
    "subsections in words": "section 40, sub-section " * (ADVERSARIAL_LENGTH // 24),
    "released at review": "information withheld under section 43(2) and "
    * (ADVERSARIAL_LENGTH // 46),
    "names in brackets": "section 35(1)(a) (law enforcement) and 3" * (ADVERSARIAL_LENGTH // 40),
    "heading lines": "Section 40(2) - Personal information\n" * (ADVERSARIAL_LENGTH // 36),
    "lists then negation": "section 36(2)(c) and " * (ADVERSARIAL_LENGTH // 21)
    + "section 43 was not applied",
    # blind batch 3
    "labelled dates": "Aa Bb / Cc Dd Ee: 12 Mawrth 2024 | Date: 1/2/24 |\n"
    * (ADVERSARIAL_LENGTH // 48),
    "long labels": ("Date " * 40 + ": 12 March 2024\n") * (ADVERSARIAL_LENGTH // 215),
    "page footers": ("x " * 200 + "Page 1 of 2\n") * (ADVERSARIAL_LENGTH // 412),
    "numbered bare list": "the following sections:\n"
    + "1. 2. 3. 4(\n" * (ADVERSARIAL_LENGTH // 12),
    "open quotes": ('Your request\n\n"I asked\n\n' + "The council said\n\n" * 9)
    * (ADVERSARIAL_LENGTH // 170),
    "spaced two-word references": "FOI EIR " + "12 " * (ADVERSARIAL_LENGTH // 3),
    "labelled table columns": "| Date | Date responded | Reference |\n"
    + "| 1 | 2/3/2024 | FOI 1 |\n" * (ADVERSARIAL_LENGTH // 25),
    "negations of a test": "section 21 is absolute so we have not applied a "
    + "the " * (ADVERSARIAL_LENGTH // 4),
    "references after follow-ups": "This follows your request FOI-2023-0712 "
    * (ADVERSARIAL_LENGTH // 40),
    "dangling joiners": "and\n\n" * (ADVERSARIAL_LENGTH // 5) + "40(2)",
    # blind batch 4
    "requester's views": "In your " + "request " * (ADVERSARIAL_LENGTH // 8) + "section 43",
    "asides": "such as the " * (ADVERSARIAL_LENGTH // 12) + "section 43",
    "colons": "Date:" * (ADVERSARIAL_LENGTH // 5),
    "ncnd then sections": "We do not confirm or deny it. Section 31 applies. "
    * (ADVERSARIAL_LENGTH // 50),
    # blind batch 5
    "hypotheticals": "If the information existed, section 38(1)(b) " * (ADVERSARIAL_LENGTH // 44),
    "overturned decisions": "overturned the decision to apply " * (ADVERSARIAL_LENGTH // 33)
    + "section 43",
    "but nots": "but not " * (ADVERSARIAL_LENGTH // 8) + "section 43",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_long_adversarial_text_is_read_in_bounded_time(name):
    started = time.perf_counter()
    reading = read_notice(ADVERSARIAL[name])
    elapsed = time.perf_counter() - started

    assert isinstance(reading, NoticeReading)
    # Generous for a shared, loaded machine: these take well under two seconds when idle.
    assert elapsed < 20, f"{name}: {elapsed:.1f}s"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=200, max_size=400).map("".join))
def test_long_notice_like_text_is_read_in_bounded_time(text):
    started = time.perf_counter()
    read_notice(text * 20)
    assert time.perf_counter() - started < 20


def test_a_very_long_text_is_read_up_to_a_limit(monkeypatch):
    monkeypatch.setattr(notice_reader, "MAX_CHARACTERS", 2_000)
    text = "Names are withheld under section 40(2).\n\n" + "Filler text. " * 200
    reading = read_notice(text + "\n\nWe also rely on section 43(2).")
    assert [p.provision for p in reading.provisions] == ["s.40(2)"]
    assert any("very long" in warning for warning in reading.warnings)


def test_a_notice_citing_very_many_provisions_is_read_up_to_a_limit(monkeypatch):
    monkeypatch.setattr(notice_reader, "MAX_CITATIONS", 20)
    text = "Names are withheld under section 40(2).\n\n" + "See s.21(1). " * 30
    reading = read_notice(text + "\n\nWe also rely on section 43(2).")
    provisions = [p.provision for p in reading.provisions]
    assert "s.40(2)" in provisions and "s.43(2)" not in provisions
    assert any("more than 20 provisions" in warning for warning in reading.warnings)


def test_thousands_of_citations_in_one_sentence_take_little_processor_time():
    """Found by a live probe of a production server (sec18): 195,000 characters of bare
    citations ("s.40(s.40(...") sent anonymously to POST /api/v1/notices/parse held a worker
    for 55 s (15 s of processor time when idle); reading stops at MAX_CITATIONS."""
    started = time.process_time()
    reading = read_notice("s.40(" * 39_000)
    assert time.process_time() - started < 5
    assert any("only the first 1,000 were read" in warning for warning in reading.warnings)


def test_explaining_the_duty_to_confirm_or_deny_is_not_an_ncnd_response():
    text = (
        "Section 17 requires us to say which exemption applies, including where the duty to "
        "confirm or deny is relevant, and here we rely on section 43."
    )
    assert found(text)["s.43"].ncnd is False


def test_ncnd_abbreviation_marks_a_bare_citation():
    assert found("We have taken an NCND position under section 31.")["s.31"].ncnd is True


def test_a_bare_annex_heading_over_a_schedule_of_documents_is_not_a_legal_annex():
    text = (
        "Some documents are withheld, as listed in Annex A.\n\n"
        "Annex A\n\n"
        "| Document | Exemption applied |\n|---|---|\n| Minutes | 36(2)(b)(i) |\n"
    )
    assert provisions(text) == ["s.36(2)(b)(i)"]


def test_a_bare_annex_heading_over_the_text_of_the_act_is_a_legal_annex():
    text = (
        "We rely on section 40(2).\n\nAnnex A\n\n"
        "Section 43(2) of the Act provides that information is exempt if ..."
    )
    assert provisions(text) == ["s.40(2)"]
