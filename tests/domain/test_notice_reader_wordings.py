"""Wordings from real published notices that the reader once got wrong (issue 11).

Each case is composed for this test in the pattern seen in real notices; none is copied from a
published letter. The fixture notices (tests/fixtures/notices) carry the same patterns inside
whole letters.
"""

from datetime import date

import pytest

from review_service.domain.calendar import Regime
from review_service.domain.notice_reader import read_notice


def provisions(text: str) -> list[tuple[str, bool]]:
    return [(found.provision, found.ncnd) for found in read_notice(text).provisions]


# --- An absolute exemption "therefore the public interest test does not apply" -----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The names are exempt under section 40(2). This is an absolute exemption and "
            "therefore the public interest test does not apply.",
            [("s.40(2)", False)],
        ),
        (
            "Section 21 is an absolute exemption, therefore the public interest test does not "
            "apply to it.",
            [("s.21", False)],
        ),
        (
            "Section 41 applies. As section 41 is an absolute exemption the public interest test "
            "does not apply.",
            [("s.41", False)],
        ),
        (
            "Section 40(2) is absolute, so a public interest test is not applicable.",
            [("s.40(2)", False)],
        ),
        (
            "Section 23(5) is an absolute exemption which means the public interest test is not "
            "relevant, and we can neither confirm nor deny that we hold the information.",
            [("s.23(5)", True)],
        ),
        (
            "Section 38(1)(a) applies, as it would not be appropriate to release the rota.",
            [("s.38(1)(a)", False)],
        ),
    ],
)
def test_an_absolute_exemption_without_a_public_interest_test_is_still_relied_on(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We do not consider that section 30 applies to these records.",
        "We are not satisfied that the exemption at section 43(2) is engaged.",
        "The Act contains exemptions, such as section 43, for commercial information.",
        "Some information can be withheld, for example under section 40(2).",
        "Section 43 does not apply because the contract has ended.",
        "However, the exemption at section 30(1)(b) was incorrectly applied.",
        "The original response wrongly applied section 30(1)(b) to the complaints.",
        "Section 36 cannot apply to information that is exempt under section 35(1)(a), and the "
        "original response should not have cited it.",
        "The names are exempt under section 40(5B)(a)(i) (formerly section 40(5)).",
    ],
)
def test_exemptions_only_explained_or_rejected_are_not_relied_on(text):
    found = [p for p, _ in provisions(text)]
    assert not {"s.30(1)(b)", "s.36", "s.43", "s.43(2)", "s.30", "s.40(5)"} & set(found), found


# --- Dates on labelled lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date responded: 12 March 2024\n\nDear Sir", date(2024, 3, 12)),
        ("Responded: 12/03/2024\n\nDear Sir", date(2024, 3, 12)),
        ("Issued: 3 April 2023\n\nDear Madam", date(2023, 4, 3)),
        ("Date issued: 03/04/2023", date(2023, 4, 3)),
        ("Date published: 3 April 2023", date(2023, 4, 3)),
        ("Publication date: 03/04/2023", date(2023, 4, 3)),
        ("| Date of response | 28th October 2019 |", date(2019, 10, 28)),
        ("Response date:\n05/03/19", date(2019, 3, 5)),
        ("Date: 12-Mar-2024", date(2024, 3, 12)),
        ("12 March 2024 10:32", date(2024, 3, 12)),
        ("Ein cyf / Our ref: FOI-24-118\nDyddiad / Date: 12/03/2024", date(2024, 3, 12)),
    ],
)
def test_dates_on_labelled_lines(text, expected):
    assert read_notice(text).date == expected


def test_the_response_date_beats_the_receipt_and_publication_dates():
    text = (
        "Request reference: FOI 19 1413\n"
        "Date received: 2 September 2019\n"
        "Date responded: 30 September 2019\n"
        "Published: 7 October 2019\n"
    )
    reading = read_notice(text)
    assert reading.date == date(2019, 9, 30)
    assert reading.reference == "FOI 19 1413"


def test_a_disclosure_log_gives_its_publication_date_when_that_is_all_it_has():
    text = "FOI 19 1413 - Parking fines\n\nPublished: 7 October 2019\n\nRequest\n\nHow many?"
    assert read_notice(text).date == date(2019, 10, 7)


@pytest.mark.parametrize(
    "ending",
    [
        "Yours sincerely\n\nJ Patel\nInformation Governance Officer\n12 March 2024",
        "Yours faithfully\nJ Patel, Information Governance Officer, 12 March 2024",
        "Kind regards\n\nInformation Rights Team\n\n12/03/2024",
        "Regards\nJ Patel 12th March 2024.",
        "The information is attached.\n\nJ Patel\nDate: 12 March 2024",
        "J Patel\nFOI Officer\n12 March 2024\n\n\n",
    ],
)
def test_a_date_at_the_very_end_of_the_notice(ending):
    text = "Dear Mr Roe\n\nThank you for your request of 20 February 2024.\n\n" + ending
    assert read_notice(text).date == date(2024, 3, 12)


@pytest.mark.parametrize(
    "text",
    [
        "Dear Sir\n\nThe information is attached.\n\nThank you for your email of 2 October 2023.",
        "Dear Sir\n\nYours sincerely\n\nJ Patel\nYour request was received on 2 October 2023",
        "Dear Sir\n\nYours sincerely\nJ Patel\n\nDate received: 2 October 2023",
    ],
)
def test_other_dates_near_the_end_are_not_the_notice_date(text):
    assert read_notice(text).date is None


def test_a_month_and_year_only_gives_no_date_and_a_warning():
    reading = read_notice("Date: March 2024\n\nDear Sir, the information is attached.")
    assert reading.date is None
    assert reading.warnings == (
        "The notice is dated only 'March 2024'; enter the day it was sent.",
    )


def test_the_requesters_email_quoted_below_the_reply_is_not_read():
    text = (
        "Our ref: FOI-2024-3001\n\nDear Ms Reyes\n\nThe names are withheld under section 40(2)."
        "\n\nYours sincerely\nInformation Team\n\n"
        "-----Original Message-----\nFrom: A Reyes\nSent: 2 March 2024 09:14\nTo: FOI\n"
        "Subject: request\n\nPlease send the tender scores, and explain your use of section 43(2) "
        "last year. My reference is FOI-2023-0042.\nDate: 2 March 2024"
    )
    reading = read_notice(text)
    assert [p.provision for p in reading.provisions] == ["s.40(2)"]
    assert reading.date is None
    assert reading.reference == "FOI-2024-3001"


def test_an_email_header_under_the_letterhead_is_the_notices_own():
    text = (
        "Westshire Council\nCounty Hall\nHigh Street\nWestport\nWP1 1AA\n"
        "From: Information Team\nDate: 12 March 2024\nTo: Mr Roe\n\nDear Mr Roe\n\n"
        "Names are withheld under section 40(2)."
    )
    reading = read_notice(text)
    assert reading.date == date(2024, 3, 12)
    assert [p.provision for p in reading.provisions] == ["s.40(2)"]


def test_an_email_header_at_the_top_is_the_notices_own():
    text = "From: FOI Team\nSent: 14 May 2024 16:02\nTo: A Reyes\nSubject: FOI-2024-3001\n\nDear Ms"
    assert read_notice(text).reference == "FOI-2024-3001"


# --- Bare section numbers listed after "sections" ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We are withholding the information under sections:\n\n- 40(2)\n- 43(2)\n- 31(1)(a)\n",
            ["s.40(2)", "s.43(2)", "s.31(1)(a)"],
        ),
        (
            "The following sections of the Act apply:\n\u2022 40(2)\n\u2022 41\n",
            ["s.40(2)", "s.41"],
        ),
        (
            "The information is exempt under the following sections of the Freedom of "
            "Information Act 2000:\n\n* 30(1)(a) - Investigations\n\n* 31(1)(b) - Law "
            "enforcement\n\nThe public interest test is set out below.",
            ["s.30(1)(a)", "s.31(1)(b)"],
        ),
        ("Exemptions applied:\n- 36(2)(b)(i)\n- 42(1)", ["s.36(2)(b)(i)", "s.42(1)"]),
        ("Exempt under sections: 40(2), 41", ["s.40(2)", "s.41"]),
    ],
)
def test_bare_section_numbers_listed_after_sections(text, expected):
    assert [p for p, _ in provisions(text)] == expected


def test_exceptions_listed_bare_in_an_eir_notice_are_regulations():
    text = (
        "We have handled your request under the Environmental Information Regulations 2004.\n\n"
        "The following exceptions apply:\n- 12(4)(d)\n- 12(5)(e)\n- 13"
    )
    assert [p for p, _ in provisions(text)] == ["reg 12(4)(d)", "reg 12(5)(e)", "reg 13"]


def test_numbered_questions_after_a_list_intro_are_not_sections():
    text = (
        "Thank you for your request. Our answers to your questions follow:\n\n1. 40 cameras\n2. 12"
    )
    assert provisions(text) == []


# --- References -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        (
            "Thank you for your request. You previously asked a similar question in FOI "
            "2023/1234 which we answered.\n\nFOI 2024/0567\n",
            "FOI 2024/0567",
        ),
        (
            "Request reference: FOI-24-0101\n\nAs explained in our response to your request "
            "FOI-23-0099, the figures are published.",
            "FOI-24-0101",
        ),
        (
            "Dear Sir\n\nThis was provided in response to an earlier request, FOI-2023-0458, "
            "and is published.\n\nYour request reference is FOI-2024-0777.",
            "FOI-2024-0777",
        ),
        (
            "Your request FOI-2022-0311, which we answered in May, is closed. FOI-2024-0888",
            "FOI-2024-0888",
        ),
        ("FOI 19 1413\n\nDear Sir", "FOI 19 1413"),
        ("Our reference: FOI 19 1413\n\nDear Sir", "FOI 19 1413"),
        ("Ref No: 101004567\n\nDear Sir", "101004567"),
        ("Freedom of Information Request Reference Number: 001234/23", "001234/23"),
        ("Our Ref: 12345 20 working days", "12345"),
    ],
)
def test_the_notices_own_reference(text, reference):
    assert read_notice(text).reference == reference


# --- The requester's quoted request -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'You asked:\n\n"Please send me all documents withheld under section 43(2) and section 36 '
        'in your last response."\n\nWe hold no further information.',
        'Your request:\n"Why did you rely on section 31(1)(a) to refuse my previous request?"\n\n'
        "Response:\nThe reasons are set out in our earlier letter.",
        'You asked: "Why did you apply section 43(2) to my last request?" We hold no information.',
        "Request 1: Which requests did you refuse under section 14(1) last year?\n"
        "Response 1: We refused 12 requests as vexatious.",
        "Q1. How often has the council relied on section 12 since 2020?\nA1. 48 times.",
        "| Question | Response |\n|---|---|\n| How many refusals cited s.40(2)? | 212 |\n",
        "In your email of 5 March you asked the following:\n\n1. How many times did you cite "
        "section 36(2)(b)(i)?\n2. Who approves section 36 opinions?\n\nWe cited it 14 times. "
        "The qualified person is the Vice-Chancellor.",
    ],
)
def test_the_requesters_own_words_are_not_the_authoritys_reliance(text):
    assert provisions(text) == []


def test_the_answer_after_a_quoted_request_is_read():
    text = (
        "You asked:\n\n1. Copies of the tender scores.\n2. The names of the panel.\n\n"
        "Our response\n\nThe scores are exempt under section 43(2) and the names under "
        "section 40(2)."
    )
    assert [p for p, _ in provisions(text)] == ["s.43(2)", "s.40(2)"]


def test_a_question_heading_followed_by_the_answer_keeps_the_answer():
    text = (
        "Question 4\nThe names of staff are withheld under section 40(2).\n\n"
        "Question 5\n\nThe tender scores are withheld under section 43(2)."
    )
    assert [p for p, _ in provisions(text)] == ["s.40(2)", "s.43(2)"]


# --- EIR exceptions written bare -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We have handled your request under the Environmental Information Regulations 2004. "
            "The draft report is withheld under 12(4)(d) as material in the course of completion.",
            ["reg 12(4)(d)"],
        ),
        (
            "This request falls under the EIR. The prices are withheld under exception "
            "12(5)(e) and the names under 13(5A).",
            ["reg 12(5)(e)", "reg 13(5A)"],
        ),
        (
            "Your request was dealt with under the EIR. We rely on r.12(4)(b) because it is "
            "manifestly unreasonable.",
            ["reg 12(4)(b)"],
        ),
        (
            "Part of the request is environmental information under the EIR. Section 12(5)(b) "
            "applies to the legal advice, and section 43(2) of the Freedom of Information Act "
            "2000 to the prices.",
            ["reg 12(5)(b)", "s.43(2)"],
        ),
    ],
)
def test_eir_exceptions_written_without_regulation(text, expected):
    assert [p for p, _ in provisions(text)] == expected


def test_bare_eir_numbers_in_a_notice_that_never_mentions_the_eir_are_not_read():
    assert provisions("Table 12(4)(d) shows the figures for 2023.") == []


# --- Conditions of the personal-data exemption -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Names are exempt under section 40(2) by virtue of section 40(3A)(a).", ["s.40(2)"]),
        ("The names are exempt under section 40(2) and (3A)(a).", ["s.40(2)"]),
        ("Names are exempt under section 40(2) by virtue of section 40(3)(a)(i).", ["s.40(2)"]),
        (
            "We have dealt with this under the EIR. Regulation 13(1) and 13(2A)(a) apply.",
            ["reg 13(1)"],
        ),
        (
            "Request under the Freedom of Information (Scotland) Act 2002. The names are exempt "
            "under section 38(1)(b) and 38(2A) of FOISA.",
            ["s.38(1)(b)"],
        ),
    ],
)
def test_the_first_condition_of_the_personal_data_exemption_is_not_a_provision(text, expected):
    assert [p for p, _ in provisions(text)] == expected


# --- NCND by virtue of the exemption itself ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The force can neither confirm nor deny that it holds information, as the duty in "
            "section 1(1)(a) does not apply by virtue of section 31(1)(a) - Law Enforcement.",
            [("s.31(1)(a)", True)],
        ),
        (
            "The force neither confirms nor denies holding this information by virtue of S23(5) "
            "& S24(2).",
            [("s.23(5)", True), ("s.24(2)", True)],
        ),
        (
            "We neither confirm nor deny under section 24(2), and the locations are exempt under "
            "section 31(1)(a).",
            [("s.24(2)", True), ("s.31(1)(a)", False)],
        ),
        (
            "The locations are exempt under section 31(1)(a). For question 2 we neither confirm "
            "nor deny under section 24(2).",
            [("s.31(1)(a)", False), ("s.24(2)", True)],
        ),
    ],
)
def test_an_exemption_named_as_the_ground_for_ncnd_is_ncnd(text, expected):
    assert provisions(text) == expected


# --- Engaged but released, considered, not withheld ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We have not withheld any information under section 43.",
        "Section 41 was considered, but it was not engaged as the report was written by our staff.",
        "Section 43(2) is engaged. However, the public interest favours disclosure and the report "
        "is attached.",
        "Although section 36(2)(c) is engaged, the public interest in disclosure outweighs the "
        "public interest in maintaining the exemption.",
    ],
)
def test_exemptions_engaged_but_not_used_to_withhold_are_not_relied_on(text):
    assert provisions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Section 41 was considered and applied to the report.", ["s.41"]),
        (
            "Section 43(2) is engaged and the public interest favours withholding the rates.",
            ["s.43(2)"],
        ),
        (
            "Public interest considerations favouring disclosure - Section 31\n\n"
            "The locations are withheld under section 31(1)(a).",
            ["s.31(1)(a)"],
        ),
        (
            "Section 43(2) is engaged. The public interest favours disclosure of the total value, "
            "but not of the unit rates, which are withheld.",
            ["s.43(2)"],
        ),
    ],
)
def test_exemptions_used_to_withhold_are_relied_on(text, expected):
    assert [p for p, _ in provisions(text)] == expected


def test_a_list_of_grounds_under_a_ncnd_sentence_is_ncnd():
    text = (
        "The force can neither confirm nor deny that it holds the information by virtue of the "
        "following exemptions:\n\nSection 23(5)\nSection 31(1)(a) - Law Enforcement\n\n"
        "The locations are exempt under section 38(1)(a)."
    )
    assert provisions(text) == [("s.23(5)", True), ("s.31(1)(a)", True), ("s.38(1)(a)", False)]


@pytest.mark.parametrize(
    "text",
    [
        'You asked for the following information.\n\n"Copies of all papers you withheld under '
        'section 43(2) last year."\n\nWe hold no papers.',
        "1. How many cameras are there?\nThe force operates 14.\n\n2. Have you ever used section "
        "43 to refuse questions about contracts?\nWe do not record this.",
    ],
)
def test_questions_left_standing_in_the_answer_are_the_requesters(text):
    assert provisions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our ref: FOI-24-118    Date: 12 March 2024\n\nDear Ms Roe", date(2024, 3, 12)),
        ("Reference: FOI-1 | Date: 12/03/2024", date(2024, 3, 12)),
        ("Date received: 1 March 2024    Date of response: 12 March 2024", date(2024, 3, 12)),
        ("Your request dated: 1 March 2024", None),
        ("Request date: 1 March 2024", None),
    ],
)
def test_a_date_label_inside_a_header_line(text, expected):
    assert read_notice(text).date == expected


def test_sec_without_a_full_stop_is_a_keyword():
    assert provisions("The names are withheld under sec 40(2).") == [("s.40(2)", False)]


def test_a_deadline_in_the_header_is_not_the_notice_date():
    text = (
        "Our reference: IM-FOI-2023-1842\nRespond by date: 19 October 2023\n\nDear Sir\n\n"
        "The names are exempt under section 38(1)(b) of the Act.\n\nDate: 16 October 2023"
    )
    assert read_notice(text).date == date(2023, 10, 16)


def test_an_exemption_considered_and_then_found_to_favour_disclosure_is_not_relied_on():
    text = (
        "We have considered whether the contract is exempt under section 43(2). The provider "
        "told us that the prices are sensitive. However, having weighed the arguments, we have "
        "concluded that the public interest favours disclosure of the full contract, and it is "
        "attached.\n\nThe names of the provider's staff have been redacted under section 40(2)."
    )
    assert provisions(text) == [("s.40(2)", False)]


# --- Blind batch 1 (reader2): disclosure-log markup, e-mail headers, reviews that release -------


def test_a_disclosure_log_page_copied_with_its_markup():
    text = (
        "<h1>FOI request 2024-1173: Town centre CCTV</h1>\n"
        '<p class="meta">Date published: 03/10/2024 &middot; Reference: 2024-1173</p>'
        "<h2>Response</h2><p>The locations are withheld under section 31(1)(a) &amp; (b).</p>"
        "<table><tr><th>Document</th><th>Exemption</th></tr>"
        "<tr><td>Rota</td><td>38(1)(b)</td></tr></table>"
    )
    reading = read_notice(text)
    assert reading.date == date(2024, 10, 3)
    assert reading.reference == "2024-1173"
    assert [p for p, _ in provisions(text)] == ["s.31(1)(a)", "s.31(1)(b)", "s.38(1)(b)"]


def test_an_address_in_angle_brackets_is_not_markup():
    text = "From: FOI Team <foi@council.gov.uk>\nThe names are withheld under section 40(2)."
    assert provisions(text) == [("s.40(2)", False)]


def test_the_sent_line_of_the_replys_own_email_header_is_its_date():
    text = (
        "From: Information Requests <info@board.org.uk>\nSent: 02 October 2024 15:47\n"
        "To: J Abernethy\nSubject: Your request EIR-2024-0291\n\nDear Mr Abernethy\n\n"
        "We wrote to you on 3 September 2024 to extend the time for our reply."
    )
    assert read_notice(text).date == date(2024, 10, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Information withheld under section 43(2) and some of the information withheld under "
            "section 31(1)(a) has now been released.",
            ["s.31(1)(a)"],
        ),
        ("I have decided to release the information previously withheld under section 43(2).", []),
        ("The information withheld under section 41 is now enclosed.", []),
        ("We are unable to release the information withheld under section 43(2).", ["s.43(2)"]),
        ("The information redacted under section 40(2) has not been released.", ["s.40(2)"]),
        (
            "The information withheld under section 40(2) is the names of staff; the rest has "
            "been released.",
            ["s.40(2)"],
        ),
    ],
)
def test_information_released_at_review_is_no_longer_withheld(text, expected):
    assert [p for p, _ in provisions(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The guidance is exempt under Section 31(1)(a), (b) and (g) by virtue of Section "
            "31(2)(a) and (b) of the Act.",
            ["s.31(1)(a)", "s.31(1)(b)", "s.31(1)(g)"],
        ),
        (
            "We neither confirm nor deny by virtue of ss.23(5) and 24(2). The information, if "
            "held, would relate to a body listed in s23(3).",
            ["s.23(5)", "s.24(2)"],
        ),
        (
            "The qualified person under section 36(5) gave the opinion that section 36(2)(c) "
            "applies.",
            ["s.36(2)(c)"],
        ),
        (
            "Request under the Freedom of Information (Scotland) Act 2002. The guidance is "
            "exempt under section 35(1)(g) of FOISA, for the purposes in section 35(2)(a).",
            ["s.35(1)(g)"],
        ),
    ],
)
def test_subsections_that_define_an_exemption_are_not_provisions(text, expected):
    assert [p for p, _ in provisions(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We withhold the addresses under section 31 of the Act, subsections (1)(a) and (b).",
            ["s.31(1)(a)", "s.31(1)(b)"],
        ),
        ("The addresses are withheld under section 38, sub-section (1)(b).", ["s.38(1)(b)"]),
        ("The names are withheld under section 40, sub-section 2.", ["s.40(2)"]),
        ("The names are withheld under subsection (2) of section 40.", ["s.40(2)"]),
        ("Section 43 subsection (2) applies to the prices.", ["s.43(2)"]),
        ("Under section 24 of the Data Protection Act 2018, subsection 1, it is exempt.", []),
    ],
)
def test_subsections_named_in_words(text, expected):
    assert [p for p, _ in provisions(text)] == expected


def test_a_date_label_with_colon_and_dash():
    text = "ref:- RHRP/FOI/2024/112\ndate:- 15.05.2024\n\nDear Ms Gallagher ,\n\n" + "Text.\n\n" * 9
    assert read_notice(text).date == date(2024, 5, 15)


@pytest.mark.parametrize(
    "text",
    [
        "If you are unhappy with this reply you can ask us for a review , within 40 working days "
        "of the date of this email .",
        "If you are not happy with our answer, please ask for a review within 40 working days.",
    ],
)
def test_a_reply_or_answer_the_requester_is_unhappy_with_is_not_the_authority_replying(text):
    assert read_notice(text).review_window_working_days == 40


def test_a_reference_with_two_words_before_its_number():
    assert read_notice("Our Reference: GICB FOI 25-0112\n\nDear Mr Osei").reference == (
        "GICB FOI 25-0112"
    )


# --- Blind batch 2 (reader2): headings, names in brackets, s.18's reach, rejected subsections ---


def test_a_heading_line_is_not_the_subject_of_the_paragraph_under_it():
    text = "Section 40(2) - Personal information\nThe names of junior officials have been removed."
    assert provisions(text) == [("s.40(2)", False)]


def test_names_in_brackets_between_the_items_of_a_list():
    text = (
        "Freedom of Information (Scotland) Act 2002. If the information were held, it would be "
        "exempt under sections 35(1)(a) and (b) (law enforcement) and 39(1) (health, safety and "
        "the environment) of the Act."
    )
    assert [p for p, _ in provisions(text)] == ["s.35(1)(a)", "s.35(1)(b)", "s.39(1)"]


def test_section_18_does_not_reach_the_answer_to_the_next_question():
    text = (
        "Freedom of Information (Scotland) Act 2002\n\n"
        "In terms of section 18 of the Act, we can neither confirm nor deny whether we hold the "
        "information.\n\n"
        "If it were held, it would be exempt under section 35(1)(a) of the Act.\n\n"
        "Response to question 2\n\n"
        "The names of officers are withheld under section 38(1)(b) of the Act."
    )
    assert provisions(text) == [("s.35(1)(a)", True), ("s.38(1)(b)", False)]


def test_a_window_within_the_next_working_days():
    text = "You can request a review of this response within the next 40 working days."
    assert read_notice(text).review_window_working_days == 40


def test_the_court_of_session_appeal_period_is_not_the_review_window():
    reading = read_notice(
        "You may apply to the Scottish Information Commissioner. Should you then wish to appeal "
        "against the Commissioner's decision, you have the right to appeal to the Court of "
        "Session on a point of law only, within 42 days of receiving the decision."
    )
    assert reading.review_window_working_days is None
    assert reading.warnings == ()


def test_a_reference_with_lower_case_letters():
    assert read_notice("Reference: UoI-FOI-2024-0227\n\nRequest").reference == "UoI-FOI-2024-0227"


@pytest.mark.parametrize(
    "text",
    [
        "We have not included the names, so no question arises under section 40.",
        "There is no need to rely on section 43 as the contract has expired.",
        "Section 12 does not allow the cost of reviewing and redacting information to be taken "
        "into account, so we have considered the burden under section 14(1) instead.",
        "Section 36(2)(b)(ii) and section 36(2)(c) were therefore not correctly applied.",
        "Section 36 can only be relied on where the qualified person has given an opinion. "
        "Section 36(2)(c) was therefore not correctly applied.",
    ],
)
def test_more_provisions_named_but_not_relied_on(text):
    assert not {"s.40", "s.43", "s.12", "s.36", "s.36(2)(b)(ii)", "s.36(2)(c)"} & {
        p for p, _ in provisions(text)
    }


def test_a_bare_section_relied_on_after_a_subsection_was_rejected_stays():
    text = "Section 43(1) does not apply. The prices are exempt under section 43."
    assert provisions(text) == [("s.43", False)]


# --- Blind batch 3 (tests/fixtures/notices, issue 11) -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Section 40(2) is an absolute exemption, so we have not applied a public interest test.",
        "Section 40(2) is absolute and we did not apply the public interest test.",
        "Section 44(1)(a) is absolute, so the Council has not applied any balancing test.",
    ],
)
def test_not_applying_the_public_interest_test_is_not_dropping_the_exemption(text):
    assert [p for p, _ in provisions(text)] == ["s.40(2)" if "40" in text else "s.44(1)(a)"]


def test_an_exemption_not_applied_is_still_dropped():
    assert provisions("Section 43(2) has not been applied, as the contract has ended.") == []


@pytest.mark.parametrize(
    "bullet", ["\u00b7 ", "\uf0b7 ", "\uf0b7", "\u25a0 ", "\u27a2 ", "\uf0a7 "]
)
def test_bare_numbers_after_other_bullets(bullet):
    text = f"We have applied sections:\n\n{bullet}36(2)(c)\n{bullet}40(2)\n"
    assert [p for p, _ in provisions(text)] == ["s.36(2)(c)", "s.40(2)"]


def test_a_list_intro_naming_the_act_with_its_abbreviation():
    text = (
        "The rest is withheld under the following sections of the Freedom of Information Act "
        "2000 (FOIA):\n\n- 43(2) - commercial interests\n- 40(2) - personal data\n"
    )
    assert [p for p, _ in provisions(text)] == ["s.43(2)", "s.40(2)"]


def test_numbered_items_of_a_bare_list():
    text = (
        "We handled this under the Environmental Information Regulations 2004. We rely on the "
        "following exceptions:\n\n1. 12(4)(d) - unfinished material\n2. 12(5)(e) - commercial "
        "confidentiality\n3. 13 - personal data\n"
    )
    assert [p for p, _ in provisions(text)] == ["reg 12(4)(d)", "reg 12(5)(e)", "reg 13"]


@pytest.mark.parametrize(
    "furniture",
    [
        "FOI-2024-0277                                   Page 1 of 2",
        "OFFICIAL",
        "- 2 -",
        "2 | Page",
    ],
)
def test_a_page_break_inside_a_list_of_sections(furniture):
    text = (
        "The modelling is withheld under sections 43(2) and\n\n"
        f"{furniture}\n\n41(1) of the Freedom of Information Act 2000."
    )
    assert [p for p, _ in provisions(text)] == ["s.43(2)", "s.41(1)"]


def test_a_quoted_request_runs_on_to_its_closing_mark():
    text = (
        'Your request\n\n"Please tell me how often you refused requests in 2023.\n\n'
        "The council's annual report says that section 43 was used most often. I would also "
        'like to know how often section 36 was used."\n\nOur response\n\n'
        "The figures are attached. Names of staff are withheld under section 40(2)."
    )
    assert provisions(text) == [("s.40(2)", False)]


def test_an_unclosed_quoted_request_ends_at_the_answer():
    text = (
        'You asked:\n\n"Please send the report.\n\nThe report was commissioned in 2022.\n\n'
        "Response\n\nThe report is withheld under section 36(2)(c)."
    )
    assert provisions(text) == [("s.36(2)(c)", False)]


def test_ligatures_from_a_pdf_are_read_as_letters():
    text = "We can neither con\ufb01rm nor deny whether we hold it, as section 30 applies."
    assert provisions(text) == [("s.30", True)]


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        (
            "Request: FOI 24 0219 | Received: 09/09/2024 | Responded: 04/10/2024\n\nText",
            "FOI 24 0219",
        ),
        (
            "Re: Follow-up to FOI-23-4471 - Potholes\n\nOur reference for this request is "
            "FOI-24-0988.",
            "FOI-24-0988",
        ),
        ("This follows your request FOI 2023 0712, to which we replied in May.", None),
        ("We responded to FOI 23 1102 on 14 June 2023 with the figures.", None),
        ("As explained in our response to FOI/2023/088, nothing more is held.", None),
        ("Request ref: WBC EIR 24 1170\n\nDear Ms Lowe", "WBC EIR 24 1170"),
        ("Our ref : OPCC FOI 24 118", "OPCC FOI 24 118"),
    ],
)
def test_references_of_batch_3(text, reference):
    assert read_notice(text).reference == reference


# A letter under the header lines of a test, so that a date in them is not the last line's.
_LETTER = "\n\nDear Sir\n\nThe figures are attached.\n\nYours faithfully\n\nFOI Team\nCity Hall"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date response sent: 28 August 2024\n\nText", date(2024, 8, 28)),
        (
            "Request: FOI 24 0219 | Received: 09/09/2024 | Responded: 04/10/2024\n\nText",
            date(2024, 10, 4),
        ),
        ("Dyddiad / Date: 12 Mawrth 2024 / 12 March 2024\n\nText", date(2024, 3, 12)),
        ("Date / Dyddiad: 21 October 2024\n\nText", date(2024, 10, 21)),
        ("Response: 29 April 2024\nPublished: 3 May 2024\n\nText", date(2024, 4, 29)),
        (
            "| Reference | Subject | Date received | Date responded |\n|---|---|---|---|\n"
            "| FOI-24-6012 | Expenses | 03/06/2024 | 01/07/2024 |\n",
            date(2024, 7, 1),
        ),
    ],
)
def test_dates_of_batch_3(text, expected):
    assert read_notice(text + _LETTER).date == expected


@pytest.mark.parametrize(
    "text",
    [
        "Respond by date: 3 September 2024",
        "Date request received: 31 July 2024",
        "Response due: 3 September 2024",
        "Sent: 2 May 2024",
    ],
)
def test_labelled_dates_that_are_not_the_notices(text):
    assert read_notice(text + _LETTER).date is None


def test_a_disclosure_log_table_labels_its_reference_column():
    text = (
        "| Reference | Subject | Date responded |\n|---|---|---|\n"
        "| 24-6012 | Expenses | 01/07/2024 |\n"
    )
    assert read_notice(text).reference == "24-6012"


@pytest.mark.parametrize(
    "text",
    [
        "You may make representations to the Council under regulation 11 within 40 working "
        "days if you consider that we have not complied with the Regulations.",
        "If you are dissatisfied with the way the Board has dealt with your request, you may "
        "require a review within 40 working days of receiving this response.",
    ],
)
def test_review_windows_of_batch_3(text):
    assert read_notice(text).review_window_working_days == 40


def test_the_authority_answering_within_a_time_is_still_not_a_window():
    text = "If you ask for a review, we will deal with it, normally within 20 working days."
    assert read_notice(text).review_window_working_days is None


# --- Blind batch 4 ------------------------------------------------------------------------------


def test_an_exemption_explained_after_it_was_relied_on_stays_relied_on():
    text = (
        "The report is withheld under section 41(1), as disclosure would be an actionable breach "
        "of confidence. There is no public interest test for absolute exemptions such as "
        "section 41."
    )
    assert provisions(text) == [("s.41(1)", False)]


def test_what_is_removed_under_a_heading_is_not_the_exemption_removed():
    text = "Section 38(1)(b) - Personal information: the names of the inspectors have been removed."
    assert provisions(text) == [("s.38(1)(b)", False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Trust does not confirm or deny whether it holds this information. Section 31 "
        "(law enforcement) applies.",
        "The force is not able to confirm or deny whether it holds the information under "
        "section 31 of the Act.",
        "The Board refuses to confirm or deny whether it holds the report, under section 31.",
    ],
)
def test_more_ncnd_wordings_for_a_bare_section(sentence):
    assert provisions(sentence) == [("s.31", True)]


def test_a_bare_section_after_an_ordinary_sentence_is_not_ncnd():
    text = "We hold the report. Section 31 applies to part of it."
    assert provisions(text) == [("s.31", False)]


def test_the_requesters_argument_against_an_exemption_is_not_the_authority_dropping_it():
    text = (
        "You argued that section 36(2)(b)(ii) should not have been applied, because the "
        "assessment has been discussed in public. I am satisfied that the exemption was "
        "correctly applied and I uphold the original decision."
    )
    assert provisions(text) == [("s.36(2)(b)(ii)", False)]


def test_a_review_that_agrees_with_the_requester_drops_the_exemption():
    text = (
        "You argued that section 43(2) should not have been applied. I agree: section 43(2) was "
        "not engaged, and the information is released."
    )
    assert provisions(text) == []


def test_sections_applied_label_with_bare_numbers():
    text = "Sections applied: 40(2), 41(1) and 43(2)\n\nThe requester asked for the files."
    assert [p for p, _ in provisions(text)] == ["s.40(2)", "s.41(1)", "s.43(2)"]


@pytest.mark.parametrize("bullet", ["\u27a4 ", "\u25b6 ", "\u2192 ", "\u2714 "])
def test_arrow_and_tick_bullets(bullet):
    text = f"The plans are exempt under Sections:\n\n{bullet}31(1)(a) Crime\n{bullet}40(2) Names\n"
    assert [p for p, _ in provisions(text)] == ["s.31(1)(a)", "s.40(2)"]


def test_a_date_label_without_a_colon_in_a_header_line():
    text = "Our Ref FOI 24 0612      Date 4th September 2024" + _LETTER
    assert read_notice(text).date == date(2024, 9, 4)


def test_an_earlier_request_the_requester_made():
    text = "In 2023 you made a request (FOI-2023-0412) for the figures. Here are 2024's."
    assert read_notice(text).reference is None


# --- Blind batch 5 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I uphold the use of section 40(2) but not section 43(2).",
        "Section 40(2) applies to the names, not section 43(2).",
        "I have overturned the decision to apply section 43(2). Section 40(2) still applies.",
        "Section 43(2) was applied incorrectly. Section 40(2) still applies.",
    ],
)
def test_more_ways_a_review_drops_an_exemption(text):
    assert provisions(text) == [("s.40(2)", False)]


def test_the_exemptions_an_ncnd_response_says_would_apply_are_ncnd():
    text = (
        "The Authority can neither confirm nor deny whether it holds the report.\n\n"
        "If the information existed and were held, it would be exempt under section 38(1)(b)."
    )
    assert provisions(text) == [("s.38(1)(b)", True)]


def test_a_conditional_about_something_else_is_not_ncnd():
    text = "If you narrow your request we may be able to help. The names are exempt under s.40(2)."
    assert provisions(text) == [("s.40(2)", False)]


def test_a_list_intro_ending_as_explained_below():
    text = (
        "The information is exempt under the following sections of the Freedom of Information "
        "Act 2000, as explained below:\n\n(a) 31(1)(a) - crime\n(b) 40(2) - personal data\n"
    )
    assert provisions(text) == [("s.31(1)(a)", False), ("s.40(2)", False)]


# --- Blind batch 7 ------------------------------------------------------------------------------


def test_a_linking_adverb_before_incorrectly_applied():
    text = (
        "The original response withheld the scores under section 40(2). Section 40(2) was "
        "therefore incorrectly applied. The unsuccessful bidders' scores are exempt under "
        "section 43(2)."
    )
    assert provisions(text) == [("s.43(2)", False)]


def test_a_request_label_holding_a_reference():
    reading = read_notice(
        "National Rivers Agency\n\nRequest: NRCA/2025/06722\nResponse date: 15 April 2025\n\n"
        "The figures are withheld under section 40(2) of the Freedom of Information Act 2000."
    )
    assert reading.reference == "NRCA/2025/06722"
    assert read_notice("Your request: NRCA/2025/06722\n\nSection 40(2) applies.").reference is None


def test_a_reply_pasted_from_its_sent_line():
    reading = read_notice(
        "Sent: 12 February 2025 16:05\nSubject: RE: FOI request [Ref: FOI2025/01733]\n\n"
        "Dear Ms Varga\n\nThank you for your request of 14 January. We withhold it under "
        "section 27(1)(a) of the Freedom of Information Act 2000."
    )
    assert reading.date == date(2025, 2, 12)


# --- Blind batch 8 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the requester's argument accepted, the information released: no section named again
        "The original response withheld the figures under section 43(2) of the Freedom of "
        "Information Act. I have considered your arguments and I agree with you. I have therefore "
        "decided to release the figures, which are attached.",
        "You asked me to review the decision to neither confirm nor deny, under sections 31(3) "
        "and 40(5), whether the force holds the information. The neither confirm nor deny "
        "response is therefore overturned.",
        "The exemption applied was section 43(2). I do not uphold the original decision.",
    ],
)
def test_a_review_overturning_the_whole_decision_without_naming_the_section(text):
    assert provisions(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # something is kept back: the sentence is not about the whole decision
        "The report was withheld under section 36(2)(c). I have decided to release the report "
        "with some passages redacted.",
        "Section 43(2) was applied. That part of the original decision is overturned.",
        "The report was withheld under section 36(2)(c). All other documents are disclosed in "
        "full.",
    ],
)
def test_a_review_releasing_only_part_keeps_the_section(text):
    assert provisions(text) != []


def test_the_overturn_reaches_back_only_within_its_own_answer():
    text = (
        "Part 1 - the rota\n\nThe rota is withheld under section 38(1)(a) of the Freedom of "
        "Information Act.\n\nPart 2 - the costs\n\nThe costs were withheld under section 43(2). "
        "On review I have decided to release the information."
    )
    assert provisions(text) == [("s.38(1)(a)", False)]


def test_a_release_named_by_its_thing_drops_only_what_withheld_that_thing():
    text = (
        "The rota is withheld under section 38(1)(a) of the Freedom of Information Act.\n\n"
        "The costs were withheld under section 43(2). On review I have decided to release the "
        "costs."
    )
    assert provisions(text) == [("s.38(1)(a)", False)]


def test_a_list_line_considered_not_applied():
    text = (
        "Decision summary:\n"
        "- Section 41 (information provided in confidence) - absolute exemption\n"
        "- Section 22A (research) - considered, not applied\n"
    )
    assert provisions(text) == [("s.41", False)]


def test_bare_numbers_listed_under_withheld_under():
    text = (
        "Freedom of Information (Scotland) Act 2002\n\nThe draft business case is withheld "
        "under:\n\u2022 30(c) - effective conduct of public affairs\n\u2022 33(1)(b) - commercial "
        "interests\n"
    )
    assert provisions(text) == [("s.30(c)", False), ("s.33(1)(b)", False)]
    eir = "Environmental Information Regulations 2004\n\nThe plan is withheld under:\n- 12(5)(e)\n"
    assert provisions(eir) == [("reg 12(5)(e)", False)]


def test_a_review_window_given_after_a_label():
    assert read_notice("Right to review: 40 working days.").review_window_working_days == 40


def test_s37_2_is_absolute_only_with_the_royal_paragraphs():
    royal = read_notice(
        "We neither confirm nor deny whether we hold it under section 37(2) of the Freedom of "
        "Information Act; the information, if held, would be exempt under section 37(1)(a)."
    )
    honours = read_notice(
        "We neither confirm nor deny whether we hold it under section 37(2) of the Freedom of "
        "Information Act; the information, if held, would be exempt under section 37(1)(b)."
    )
    assert [(p.provision, p.ncnd, p.absolute) for p in royal.provisions] == [
        ("s.37(2)", True, True),
        ("s.37(1)(a)", True, True),
    ]
    assert [(p.provision, p.absolute) for p in honours.provisions] == [
        ("s.37(2)", False),
        ("s.37(1)(b)", False),
    ]


# --- Blind batch 9 ------------------------------------------------------------------------------


def test_a_section_of_another_act_named_by_its_abbreviation():
    text = (
        "It is exempt under section 44(1)(a) of the FOIA because disclosure is prohibited by "
        "section 18(1) of the Commissioners for Revenue and Customs Act 2005 (CRCA). Section "
        "23(1) of the CRCA provides that information relating to an identifiable person is exempt."
    )
    assert provisions(text) == [("s.44(1)(a)", False)]
    assert provisions("The names are exempt under section 40(2) of the FOI.") == [
        ("s.40(2)", False)
    ]


def test_a_list_under_a_considered_but_not_applied_heading():
    text = (
        "Exemptions applied:\n- Section 22(1) (future publication)\n\n"
        "Exemptions considered but not applied:\n- Section 36\n- Section 43\n"
    )
    assert provisions(text) == [("s.22(1)", False)]
    heading_apart = (
        "Section 22(1) applies.\n\nExemptions not applied:\n\n- Section 36\n- Section 43\n"
    )
    assert provisions(heading_apart) == [("s.22(1)", False)]


def test_not_considered_whether_is_not_a_reliance():
    text = (
        "The request is vexatious under section 14(1) of the Freedom of Information Act 2000. We "
        "have not considered whether sections 40 or 43 might apply to the documents."
    )
    assert provisions(text) == [("s.14(1)", False)]


def test_the_duty_explained_in_the_statutes_words_names_no_ground():
    text = (
        "Section 1(1)(a) of the Freedom of Information Act 2000 places a duty on public "
        "authorities to confirm or deny whether they hold information. This duty does not apply "
        "where the information, if held, would be exempt under section 23(1). We therefore "
        "neither confirm nor deny whether we hold it by virtue of section 23(5)."
    )
    assert provisions(text) == [("s.23(5)", True)]


# --- Blind batch 10 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The submission was withheld under section 35(1)(a). Section 35(1)(a) has been "
            "replaced by section 36(2)(b)(i), which I consider is engaged.",
            [("s.36(2)(b)(i)", False)],
        ),
        (
            "In place of section 41, which was cited in error, the Council now relies on section "
            "43(2) for the tariff schedule.",
            [("s.43(2)", False)],
        ),
        (
            "The review replaced section 41 with section 43(2).",
            [("s.43(2)", False)],
        ),
    ],
)
def test_a_provision_replaced_by_another(text, expected):
    assert provisions(text) == expected


def test_an_answer_on_the_questions_own_line():
    text = (
        "Q1. The Trust's gender pay gap report. - Published on our website; section 21 of the "
        "Freedom of Information Act applies.\n"
        "Q2. Why did you use section 43 last time?\n"
    )
    assert provisions(text) == [("s.21", False)]


def test_the_requesters_guess_at_an_exemption_and_no_exemption_applied():
    text = (
        "You said you expected us to refuse under section 40(2) of the Freedom of Information "
        "Act because some numbers might be small. The figures are attached, and no exemption "
        "has been applied."
    )
    assert provisions(text) == []


def test_a_reply_opening_with_hello_cuts_the_quoted_mail_below():
    text = (
        "Hello Mr Finch,\n\nThe cost of Route B is withheld under section 43(2) of the Freedom of "
        "Information Act 2000.\n\nThanks\nSchools Transport Team\n\n"
        "On Mon, 15 Sep 2025 at 10:02, Adam Finch wrote:\n"
        "> Please don't use section 41 again like last time.\n"
    )
    assert provisions(text) == [("s.43(2)", False)]


# --- Blind batch 11 -----------------------------------------------------------------------------


def test_the_limbs_of_the_personal_data_exemption_are_one_provision():
    assert provisions(
        "The names are exempt under Section 40(2)(a)(b) & (3A)(a) of the Freedom of Information "
        "Act."
    ) == [("s.40(2)", False)]
    assert provisions(
        "The names are withheld under regulation 13(1)(a) of the Environmental Information "
        "Regulations 2004."
    ) == [("reg 13(1)", False)]


def test_no_longer_relies_on():
    text = (
        "The original response withheld the procedures under sections 31(1)(a) and 38(1)(b) of "
        "the Freedom of Information Act. On review, the Council no longer relies on section "
        "38(1)(b). Section 31(1)(a) continues to apply."
    )
    assert provisions(text) == [("s.31(1)(a)", False)]


# --- Blind batch 12 -----------------------------------------------------------------------------


def test_advice_about_a_request_not_yet_made_names_no_reliance():
    text = (
        "Your request is refused under section 12(1) of the Freedom of Information Act 2000. If "
        "you ask for the details of individual incidents, section 40(2) and section 30(1)(a) "
        "might apply to some of them."
    )
    assert provisions(text) == [("s.12(1)", False)]


def test_a_reference_label_after_a_word_that_looked_like_one():
    reading = read_notice(
        "Subject: FOI Request - Ref: 101002345678\n\nDear Mr Patel\n\nThe locations are exempt "
        "under section 31(1)(a) of the Freedom of Information Act 2000."
    )
    assert reading.reference == "101002345678"


# --- Blind batch 13 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The exemptions that apply are: 31(1)(a), 31(1)(b) and 40(2) of the Freedom of "
            "Information Act 2000.",
            [("s.31(1)(a)", False), ("s.31(1)(b)", False), ("s.40(2)", False)],
        ),
        (
            "Environmental Information Regulations 2004\n\nThe exceptions applied are 12(5)(e) "
            "and 13.",
            [("reg 12(5)(e)", False), ("reg 13", False)],
        ),
    ],
)
def test_bare_numbers_after_the_exemptions_that_apply_are(text, expected):
    assert provisions(text) == expected


# --- Blind batch 14 -----------------------------------------------------------------------------


def test_an_authority_reference_starting_ic_is_not_an_ico_case_number():
    assert read_notice("Ref: IC-FOI-25-3009\n\nSection 12(1) applies.").reference == (
        "IC-FOI-25-3009"
    )
    assert read_notice("ICO reference: IC-76752-Z6P5\n\nSection 12(1) applies.").reference is None


# --- Blind batch 15 -----------------------------------------------------------------------------


def test_a_provision_that_cannot_be_relied_on():
    text = (
        "Environmental Information Regulations 2004\n\nThe monitoring data is information on "
        "emissions, and regulation 12(9) means that we cannot rely on regulations 12(5)(d) to (g) "
        "to withhold it. The enforcement file is withheld under regulation 12(5)(b)."
    )
    assert provisions(text) == [("reg 12(5)(b)", False)]


def test_a_rejection_whose_object_is_another_provision_keeps_the_one_before():
    text = (
        "The locations are withheld under Section 31(1)(a)-(b) - Law Enforcement.\n\nAlthough "
        "Section 38 (Health and Safety) was considered, the force is satisfied that the harm is "
        "adequately covered by Section 31 and has not relied on Section 38."
    )
    assert provisions(text) == [("s.31(1)(a)", False), ("s.31(1)(b)", False)]


def test_a_footnote_explaining_the_act_is_not_a_reliance():
    text = (
        "The prices are withheld under section 43(2)[1] and staff names under section "
        "40(2)[2].\n\n[1] Section 43(2) provides that information is exempt if its disclosure "
        "would prejudice commercial interests.\n\n[2] Section 40(2) covers the personal data of "
        "others. Section 40(5B) sets out when the duty to confirm or deny does not arise."
    )
    assert provisions(text) == [("s.43(2)", False), ("s.40(2)", False)]


def test_a_review_window_after_the_way_we_have_dealt_with_your_request():
    reading = read_notice(
        "Section 12(1) applies.\n\nIf you are dissatisfied with the way we have dealt with your "
        "request you can ask us to review our actions and decisions within 40 working days."
    )
    assert reading.review_window_working_days == 40


# --- Blind batch 16 -----------------------------------------------------------------------------


def test_guidance_on_a_section_is_not_a_reliance():
    text = (
        "In line with the Information Commissioner's guidance on section 14, we considered "
        "whether this request should be treated as vexatious. We decided it should not. The "
        "request is refused under section 12(1) of the Freedom of Information Act 2000."
    )
    assert provisions(text) == [("s.12(1)", False)]


def test_what_became_of_an_earlier_request_is_not_a_reliance():
    text = (
        "Your previous request (FOI2025/09981) was refused under section 12 because it exceeded "
        "the cost limit, and an earlier one (FOI2025/07730) was answered with some information "
        "withheld under section 43(2). We are refusing this request under section 14(1) of the "
        "Freedom of Information Act."
    )
    assert provisions(text) == [("s.14(1)", False)]


def test_no_longer_applies_without_an_auxiliary():
    text = (
        "The original response withheld the bid under sections 33(1)(b) and 36(2) of FOISA. I "
        "find that section 33(1)(b) no longer applies, because the award has been published. "
        "However, section 36(2) continues to apply to the rest of the bid."
    )
    assert provisions(text) == [("s.36(2)", False)]


# --- Blind batch 17 -----------------------------------------------------------------------------


def test_engaged_then_released_later_in_the_paragraph():
    text = (
        "We consider that the exemption in section 43(2) of the Freedom of Information Act is "
        "engaged because some terms are commercially sensitive. However, the contract is now "
        "three years old. The public interest in disclosure outweighs the public interest in "
        "maintaining the exemption, and the contract is therefore released in full."
    )
    assert provisions(text) == []


def test_a_regulators_finding_in_another_case_is_not_a_reliance():
    text = (
        "The make and model are withheld under section 31(1)(a) of the Freedom of Information "
        "Act. In decision notice IC-219876-K3L2 the Information Commissioner upheld another "
        "force's reliance on section 24(1) for similar information."
    )
    assert provisions(text) == [("s.31(1)(a)", False)]


def test_a_reference_labelled_foi_colon():
    assert read_notice("FOI: DFRS-2025-188\n\nSection 24(1) applies.").reference == "DFRS-2025-188"


# --- Blind batch 19 -----------------------------------------------------------------------------


def test_a_bare_number_opening_the_sentence_with_the_act_after_it():
    text = "Ref: X-1001\n\n40(2) of the FOIA applies to the names and addresses of the objectors."
    assert provisions(text) == [("s.40(2)", False)]


def test_a_title_between_dashes_inside_a_list():
    text = (
        "We are withholding the telegrams under sections 27(1)(a) - relations between the UK and "
        "any other State - and 27(2) of the Freedom of Information Act."
    )
    assert provisions(text) == [("s.27(1)(a)", False), ("s.27(2)", False)]


def test_a_running_header_keeps_its_reference_label():
    reading = read_notice(
        "Ref: NCHS-FOI-2025-0440          Page 1 of 2\nDate: 21 February 2025\n\nThe prices are "
        "withheld under section 43(2).\n\nNCHS-FOI-2025-0440          Page 2 of 2\n\nThe public "
        "interest favours withholding them."
    )
    assert reading.reference == "NCHS-FOI-2025-0440"


# --- Blind batch 20 -----------------------------------------------------------------------------


def test_a_scottish_body_naming_no_act_is_read_under_foisa():
    reading = read_notice(
        "Police Scotland\n\nSection 38(1)(b) - Personal Information\nThe names are personal "
        "data, so the condition in section 38(2A) is met and the exemption applies.\n\nShould "
        "you require Police Scotland to review our decision please write within 40 working days."
    )
    assert reading.regime is Regime.FOISA
    assert [p.provision for p in reading.provisions] == ["s.38(1)(b)"]


# --- Blind batch 21 -----------------------------------------------------------------------------


def test_a_provision_that_could_have_been_relied_on_was_not():
    text = (
        "Although we could have relied on section 12 of the Freedom of Information Act because of "
        "the time involved, we have answered your request in full."
    )
    assert provisions(text) == []


def test_an_exemption_limited_then_said_to_apply_to_the_rest():
    text = (
        "Section 43(2) does not apply to the total contract value, which is £12.4 million. It "
        "does apply to the unit rates, which are withheld."
    )
    assert provisions(text) == [("s.43(2)", False)]


def test_a_second_exemption_with_its_verb_left_out():
    text = (
        "The exemption under section 43(2) (commercial interests) of the Freedom of Information "
        "Act applies to the prices, and 40(2) (personal data) to the names of the staff."
    )
    assert provisions(text) == [("s.43(2)", False), ("s.40(2)", False)]


def test_bare_numbers_under_exemptions_applied_are_listed_below():
    text = (
        "Freedom of Information Act 2000\n\nThe exemptions applied are listed below.\n\n"
        "- 36(2)(c)\n- 40(2)\n"
    )
    assert provisions(text) == [("s.36(2)(c)", False), ("s.40(2)", False)]


def test_the_requesters_complaint_quoted_in_a_review_is_theirs():
    text = (
        'Your complaint said: "The council was wrong to use section 36 and section 42."\n\nI '
        "uphold the use of section 42(1) of the Freedom of Information Act, and section "
        "36(2)(b)(ii) was also correctly applied."
    )
    assert provisions(text) == [("s.42(1)", False), ("s.36(2)(b)(ii)", False)]


def test_the_acts_own_name_between_the_provision_and_does_not_apply():
    text = (
        "Section 43(2) of the Freedom of Information Act does not apply to the contract, which "
        "is attached."
    )
    assert provisions(text) == []


# --- Blind batch 22 -----------------------------------------------------------------------------


def test_a_review_finding_listed_as_not_upheld():
    text = (
        "My findings on each exemption are:\n\nSection 43(2) - upheld.\nSection 41(1) - not "
        "upheld.\n\nThe contract is attached with the formula redacted under section 43(2)."
    )
    assert provisions(text) == [("s.43(2)", False)]


def test_a_provision_that_would_normally_apply_is_not_a_reliance():
    text = (
        "Section 40(2) would normally apply to the names of staff below senior management level, "
        "but the members of the panel have consented to their names being released."
    )
    assert provisions(text) == []


# --- Blind batch 23 -----------------------------------------------------------------------------


def test_not_needed_to_apply_it():
    text = (
        "The report is attached in full. For your information, section 40(2) protects the "
        "personal data of third parties; we have not needed to apply it because the report "
        "contains no names."
    )
    assert provisions(text) == []


def test_a_section_mistakenly_referred_to():
    text = (
        "In our original response we mistakenly referred to section 41 when we meant section "
        "43(2). The pricing schedule is withheld under section 43(2)."
    )
    assert provisions(text) == [("s.43(2)", False)]


def test_an_answer_on_the_questions_line_opening_with_a_citation():
    text = (
        "Q1 - How many officers have been assaulted each year since 2000? Section 12 - the "
        "figures before 2015 would take over 18 hours to retrieve.\nQ3 - Please name the "
        "officers assaulted in 2024. Section 40(2) - the names are personal data.\n"
    )
    assert provisions(text) == [("s.12", False), ("s.40(2)", False)]


# --- Blind batch 24 -----------------------------------------------------------------------------


def test_a_review_deciding_that_neither_exemption_applies():
    text = (
        "I have reviewed the refusal of your request under sections 36(2)(b)(ii) and 43(2) of "
        "the Freedom of Information Act.\n\nHaving considered the report, I have decided that "
        "neither exemption applies. The report is attached in full."
    )
    assert provisions(text) == []


# --- Blind batch 25 -----------------------------------------------------------------------------


def test_a_provision_that_would_have_been_the_equivalent_is_not_a_reliance():
    text = (
        "Environmental Information Regulations 2004\n\nThe emails are withheld under regulation "
        "12(4)(e). Under the Freedom of Information Act, section 36 would have been the "
        "equivalent exemption, but it does not apply to environmental information."
    )
    reading = read_notice(text)
    assert [p.provision for p in reading.provisions] == ["reg 12(4)(e)"]
    assert reading.warnings == ()


def test_an_exemption_applied_to_one_thing_and_not_another_is_still_relied_on():
    text = "Section 43(2) applies to the prices, but it does not apply to the total, given below."
    assert provisions(text) == [("s.43(2)", False)]


# --- Blind batch 26 -----------------------------------------------------------------------------


def test_bare_numbers_bulleted_under_exemptions_engaged():
    text = "Response:\nThe contract is attached.\n\nExemptions engaged:\n- 43(2)\n- 40(2)\n"
    assert provisions(text) == [("s.43(2)", False), ("s.40(2)", False)]


def test_what_became_of_a_similar_request_is_not_a_reliance():
    text = (
        "Your request is similar to FOI 2024-311, which we refused under section 12(1). Your "
        "narrower request can be answered in full, and the figures are below."
    )
    assert provisions(text) == []


def test_a_similar_request_named_without_its_outcome_leaves_the_reliance():
    text = (
        "Your request is similar to FOI 2024-311. We have withheld the same information under "
        "section 43(2)."
    )
    assert provisions(text) == [("s.43(2)", False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Board was wrong to rely on section 27(1). The costs remain exempt under section "
            "33(1)(b).",
            [("s.33(1)(b)", False)],
        ),
        ("The Council was not entitled to rely on section 41(1).", []),
        ("The officer was right to rely on section 31(1)(a).", [("s.31(1)(a)", False)]),
    ],
)
def test_wrong_to_rely_on_negates(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Had the case records identified individual members of staff, we would have withheld "
            "those details under section 40(2). As they are anonymised, they are disclosed.",
            [],
        ),
        (
            "The Council would have to withhold the names under section 40(2), and has done so.",
            [("s.40(2)", False)],
        ),
        (
            "Disclosure would have prejudiced the investigation, so section 30(1)(a) applies.",
            [("s.30(1)(a)", False)],
        ),
    ],
)
def test_what_would_have_been_withheld_is_a_counterfactual(text, expected):
    assert provisions(text) == expected


def test_advice_that_a_refined_request_would_be_likely_to_engage_an_exemption():
    text = (
        "The request is refused under section 12(1). Please be aware that if you refine it to ask "
        "for the text of the reports, information identifying patients would be likely to engage "
        "section 40(2), and we would consider that exemption at the time."
    )
    assert provisions(text) == [("s.12(1)", False)]


@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        ("concluded that it could not be estimated reliably", [("s.14(1)", False)]),
        ("concluded that it could", [("s.14(1)", False), ("s.12", False)]),
    ],
)
def test_considered_whether_a_request_could_be_refused_under_a_provision(conclusion, expected):
    text = (
        "The request is refused under section 14(1). We considered whether the request could "
        f"instead be refused under section 12 on cost grounds and {conclusion}."
    )
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        ("I have set that exemption aside. The contract is attached.", []),
        ("I have not set that exemption aside.", [("s.43(2)", False)]),
        ("That exemption is therefore withdrawn.", []),
        ("This exemption does not apply to the summary, which is attached.", [("s.43(2)", False)]),
    ],
)
def test_that_exemption_dropped_without_naming_it_again(review, expected):
    text = f"The original response withheld the contract under section 43(2).\n\n{review}"
    assert provisions(text) == expected


# --- Blind batch 27 -----------------------------------------------------------------------------


def test_questions_answered_by_their_numbers_under_our_response():
    text = (
        "Your request\n\nQ1: How many empty homes are there?\nQ2: What is the strategy?\n\n"
        "Our response\n\nQ1: 1,112 homes.\nQ2: The strategy is published, so it is exempt under "
        "section 21.\n"
    )
    assert provisions(text) == [("s.21", False)]


def test_a_question_asked_once_stays_the_requesters():
    text = "Q1: Why did you rely on section 43(2) last time?\n\nThe figures are attached."
    assert provisions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I have concluded that section 35(1)(a) was correctly applied, but that section "
            "40(2) was not: the names are released.",
            [("s.35(1)(a)", False)],
        ),
        (
            "Section 40(2) has been applied to some names but section 43(2) has not.",
            [("s.40(2)", False)],
        ),
        (
            "Section 40(2) was not the only exemption applied; section 43(2) also applies.",
            [("s.40(2)", False), ("s.43(2)", False)],
        ),
    ],
)
def test_a_negation_with_its_verb_left_out(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "If the report had been finalised, it would be published, and section 22 would then "
            "apply. As it is a draft, it is withheld under section 36(2)(b)(ii).",
            [("s.36(2)(b)(ii)", False)],
        ),
        ("Section 43(2) would then apply to the prices.", [("s.43(2)", False)]),
    ],
)
def test_what_would_apply_had_things_been_otherwise(text, expected):
    assert provisions(text) == expected


def test_considered_but_we_do_not_consider_it_engaged():
    text = (
        "The locations are withheld under regulation 12(5)(g). We also considered regulation "
        "12(5)(f), as volunteers supplied some records, but we do not consider it engaged."
    )
    assert provisions(text) == [("reg 12(5)(g)", False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Section 36(2)(b)(ii), which the original response also cited, is not needed.",
            [],
        ),
        (
            "The names are withheld under section 40(2), so the consent of the staff is not "
            "needed.",
            [("s.40(2)", False)],
        ),
        (
            "Section 41(1) is an absolute exemption, so no public interest test is required.",
            [("s.41(1)", False)],
        ),
    ],
)
def test_a_provision_not_needed(text, expected):
    assert provisions(text) == expected


# --- Blind batch 28 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        (
            "I do not consider the request vexatious. I have therefore overturned the decision. "
            "The rota is removed under section 40(2).",
            [("s.40(2)", False)],
        ),
        (
            "I have overturned the decision in part: the contract is released, the rota is not.",
            [("s.14(1)", False)],
        ),
    ],
)
def test_a_review_that_has_overturned_the_decision(review, expected):
    text = f"You asked us to review our refusal under section 14(1).\n\n{review}"
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Environmental Information Regulations 2004. The emails are withheld under 12(4)(e) "
            "and the names of objectors under 13(1), as their personal data.",
            [("reg 12(4)(e)", False), ("reg 13(1)", False)],
        ),
        ("Environmental Information Regulations 2004. Children under 13 (1 boy).", []),
        ("Freedom of Information Act 2000. The names are withheld under 13(1) of the rules.", []),
    ],
)
def test_a_bare_regulation_13_in_an_eir_notice(text, expected):
    assert provisions(text) == expected


# --- Blind batch 29 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another word for the provision cited last, as the subject of a finding against it
        (
            "We considered section 36(2)(c) for the panel's comments. It is not engaged, because "
            "the comments repeat the published criteria.",
            [],
        ),
        (
            "Section 43(2) was applied to the report. Having read it again, the exemption is "
            "therefore not engaged.",
            [],
        ),
        (
            "Section 35(1)(a) was applied to the whole submission. The policy has been announced. "
            "I do not consider that it continues to apply.",
            [],
        ),
        ("We relied on section 30(1)(a). I do not think it is engaged.", []),
        # a plural drops every provision the last citing sentence named, and only those
        (
            "We considered whether sections 22 and 43(2) applied. Having consulted the bidders, "
            "we do not consider that these sections apply, and the review is attached.",
            [],
        ),
        ("We considered sections 22 and 43(2). They are not engaged.", []),
        (
            "The names are withheld under section 40(2). We considered sections 22 and 43(2). "
            "These sections do not apply.",
            [("s.40(2)", False)],
        ),
        # a limitation, the public interest test, a double negation, the requester's view: kept
        (
            "The rates are withheld under section 43(2). It does not apply to the totals, which "
            "are given below.",
            [("s.43(2)", False)],
        ),
        (
            "The report is withheld under section 36(2)(c). However, it does not apply to the "
            "appendix.",
            [("s.36(2)(c)", False)],
        ),
        (
            "We relied on section 30(1)(a). I do not consider that the exemption applies to the "
            "witness list.",
            [("s.30(1)(a)", False)],
        ),
        (
            "The names are withheld under section 40(2). It is not engaged in the usual way, but "
            "it applies.",
            [("s.40(2)", False)],
        ),
        ("Section 21 applies. It is not subject to the public interest test.", [("s.21", False)]),
        (
            "Section 12 applies to your request. It does not apply the public interest test.",
            [("s.12", False)],
        ),
        (
            "The report is withheld under section 43(2). I do not accept that it does not apply.",
            [("s.43(2)", False)],
        ),
        (
            "The report is withheld under section 43(2). I am not persuaded that it is not "
            "engaged.",
            [("s.43(2)", False)],
        ),
        (
            "The report is withheld under section 43(2). You say it is not engaged. I do not "
            "agree.",
            [("s.43(2)", False)],
        ),
        (
            "The documents are withheld under sections 43(2) and 41. They do not apply any "
            "redaction key.",
            [("s.43(2)", False), ("s.41", False)],
        ),
        (
            "The contract is withheld under section 43(2). It is engaged because the prices are "
            "current.",
            [("s.43(2)", False)],
        ),
        # a limitation, then what it does apply to, in the same sentence
        (
            "Section 43(2) does not extend to the tender scores; it has been applied only to the "
            "pricing.",
            [("s.43(2)", False)],
        ),
        (
            "Section 43(2) of the Freedom of Information Act does not extend to the tender scores, "
            "which are given in Appendix B; it has been applied only to the bidders' pricing.",
            [("s.43(2)", False)],
        ),
        (
            "Section 43(2) does not extend to the tender scores; it has not been applied to the "
            "pricing either.",
            [],
        ),
        ("Section 43(2) does not extend to the tender scores, which are attached.", []),
        # "not needed to consider whether" negates like "not considered whether"
        ("We have not needed to consider whether section 41 would also apply.", []),
        (
            "Section 44(1)(a) is an absolute exemption, which means that the public interest test "
            "does not apply to it. For completeness, we have not needed to consider whether "
            "section 41 would also apply.",
            [("s.44(1)(a)", False)],
        ),
        (
            "We did not need to consider whether section 41 applies, because section 43(2) applies "
            "to all of it.",
            [("s.43(2)", False)],
        ),
    ],
)
def test_what_a_later_clause_or_sentence_says_about_a_provision(text, expected):
    """Pronouns for the provision cited last, limitations, "not needed to consider"."""
    assert provisions(text) == expected


# --- Blind batch 30 -----------------------------------------------------------------------------

ORIGINAL = (
    "The original response withheld the pricing schedule under section 43(2) and the names of "
    "the managers under section 40(2).\n\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lead-in before the subject: "I have concluded that both exemptions are not engaged"
        (
            "The original response withheld the report under sections 36(2)(c) and 43(2).\n\n"
            "I have concluded that both exemptions are not engaged.",
            [],
        ),
        (
            "The original response withheld the report under sections 36(2)(c) and 43(2).\n\n"
            "I have not concluded that both exemptions are not engaged.",
            [("s.36(2)(c)", False), ("s.43(2)", False)],
        ),
        (
            "The report is withheld under section 43(2). I have concluded that it is not engaged.",
            [],
        ),
        (
            "The report is withheld under section 43(2). I am satisfied that it is engaged.",
            [("s.43(2)", False)],
        ),
        (
            "The report is withheld under section 43(2). I have found that it is not engaged for "
            "the appendix.",
            [("s.43(2)", False)],
        ),
        # "it" and "the exemption" name a provision of the same paragraph only
        (
            "The report is withheld under section 43(2).\n\nI have concluded that it is not "
            "engaged.",
            [("s.43(2)", False)],
        ),
        # a thing released now drops what withheld that thing (in its own clause)
        (
            ORIGINAL + "Pricing: I uphold the use of section 43(2).\n\nNames: The exemption no "
            "longer applies and their names are now released.",
            [("s.43(2)", False)],
        ),
        (
            "The report was withheld under section 43(2).\n\nThe report is now released.",
            [],
        ),
        (
            "The report was withheld under section 43(2).\n\nThe report is now released, except "
            "the prices.",
            [("s.43(2)", False)],
        ),
        (
            "The names are withheld under section 40(2).\n\nThe report is now released.",
            [("s.40(2)", False)],
        ),
        (
            ORIGINAL + "The information is now released.",
            [("s.43(2)", False), ("s.40(2)", False)],
        ),
        # what became of the requester's other requests, counted as "you have made N requests"
        (
            "You have made 37 requests since 2024, including TDC/1, which we refused under "
            "section 12. This request is refused under section 14(1).",
            [("s.14(1)", False)],
        ),
        (
            "You asked for a review of your request FOI/25/0762, which we refused under section "
            "12. I uphold that decision.",
            [("s.12", False)],
        ),
    ],
)
def test_a_review_finding_or_release_without_naming_the_provision(text, expected):
    assert provisions(text) == expected


def test_a_heading_request_number_then_title_is_the_reference():
    text = "Request 2025/1417: Annual audit\n\nThe report is withheld under section 22(1)."
    assert read_notice(text).reference == "2025/1417"
    assert read_notice("Thank you for your request 12/03/2024 - about parking.").reference is None


# --- Blind batch 31 -----------------------------------------------------------------------------

WITHHELD_36 = "The College withheld the report under section 36(2)(c).\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what would apply to information not held
        (
            "We do not hold a list. If we did hold such a list, the names would be exempt under "
            "section 40(2).",
            [],
        ),
        ("Had we held them, we would have considered whether section 40(2) applied.", []),
        (
            "We would have to consider whether section 43(2) applies to each contract, and it "
            "does; the prices are withheld under section 43(2).",
            [("s.43(2)", False)],
        ),
        # a review deciding that a thing should be released
        (WITHHELD_36 + "I have decided that the report should be released to you.", []),
        (
            WITHHELD_36 + "I have decided that the report should be released in part.",
            [("s.36(2)(c)", False)],
        ),
        (
            WITHHELD_36 + "You argued that the report should be released.",
            [("s.36(2)(c)", False)],
        ),
        # "should not have applied that exemption", after the section named bare
        (
            "The report was withheld under section 36(2)(c) and the names under section 40(2). "
            "The Clerk is not a qualified person for the purposes of section 36. The council "
            "should not have applied that exemption.",
            [("s.40(2)", False)],
        ),
        (
            "The report was withheld under section 43(2). I do not think the council should not "
            "have applied that exemption.",
            [("s.43(2)", False)],
        ),
        # numbered answers under numbered questions
        (
            "You asked:\n\n1. How many officers?\n\n2. Names?\n\n1. There were 6.\n\n2. The names "
            "are exempt under section 40(2).",
            [("s.40(2)", False)],
        ),
        (
            "You asked:\n\n1. How many officers?\n\n2. Why did you use section 40(2) last time?"
            "\n\nOur response is below.",
            [],
        ),
    ],
)
def test_not_held_released_at_review_and_numbered_answers(text, expected):
    assert provisions(text) == expected


def test_an_foi_subject_line_names_the_reference():
    text = "Subject: RE: RE: FOI HBC-25-1190 - Parks tree survey\n\nDear Sir"
    assert read_notice(text).reference == "HBC-25-1190"
    assert read_notice("Subject: RE: FOI request about 2023 figures\n\nDear Sir").reference is None


# --- Blind batch 32 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Section 40(5B) sets out when the duty to confirm or deny does not arise.", []),
        (
            "We have not relied on sections 24(1) and 31(1)(a) for the total, which is given. "
            "These sections do apply to the locations, which are withheld.",
            [("s.24(1)", False), ("s.31(1)(a)", False)],
        ),
        (
            "We have not relied on section 24(1) or section 31(1)(a) for the total. They do apply "
            "to the locations.",
            [("s.24(1)", False), ("s.31(1)(a)", False)],
        ),
        ("We have not relied on sections 24(1) and 31(1)(a). These sections do not apply.", []),
        (
            "You asked:\n(a) How many officers?\n(b) Their names?\n\n(a) 17.\n\n(b) The names "
            "are exempt under section 40(2).",
            [("s.40(2)", False)],
        ),
        (
            "We neither confirm nor deny holding it, relying on sections 24(2) and 31(3).\n\nThe "
            "decision to neither confirm nor deny is overturned. The plan is withheld under "
            "section 31(1)(a).",
            [("s.31(1)(a)", False)],
        ),
        (
            "We aggregated your requests under section 12(4). The cost would exceed the limit, so "
            "section 12(1) applies.",
            [("s.12(1)", False)],
        ),
        (
            "We withheld the names under section 38(1)(b).\n\nThe advisers have consented. Their "
            "names are therefore now released.",
            [],
        ),
    ],
)
def test_explanations_restorations_and_overturned_ncnd(text, expected):
    assert provisions(text) == expected


# --- Blind batch 34: PDF text without blank lines, a disclosure log's quoted request ----------


# (text, what the reader should find)
PDF_AND_LOG_LAYOUTS = [
    # a legal annex whose heading follows the letter with no blank line (PDF text)
    (
        "The report is withheld under section 38(1)(a).\nAnnex A - the exemptions\n"
        "Section 31 - Law enforcement\n(1) Information which is not exempt information by "
        "virtue of section 30 is exempt information if its disclosure would prejudice—\n"
        "(a) the prevention or detection of crime,",
        [("s.38(1)(a)", False)],
    ),
    # the request quoted under a "Request" heading, its lines wrapped so that one starts
    # with a citation
    (
        'Request\n"Please send me the contract. I appreciate you may want to rely on\n'
        'section 41 or section 43 for parts of it, in which case please say which."\n'
        "Response\nThe pricing schedule is redacted under section 43(2).",
        [("s.43(2)", False)],
    ),
    # a quotation never closed ends at the authority's answer
    (
        'Request\n"Please send me the contract, which I expect you will say\nsection 41 '
        "covers.\nResponse\nThe pricing schedule is redacted under section 43(2).",
        [("s.43(2)", False)],
    ),
    # what a provision allows any public authority to do is the Act's scheme, not a reliance
    (
        "The advice is withheld under section 42(1).\n\n[1] Section 42(2) also allows a "
        "public authority to neither confirm nor deny, which we have not done here.",
        [("s.42(1)", False)],
    ),
    # ... but what it allows this authority to do is the reason it is relied on
    (
        "We cannot give you the names. Section 40(2) allows us to withhold personal data "
        "where release would breach the data protection principles.",
        [("s.40(2)", False)],
    ),
]


# --- Blind batch 35: double negatives, consequences, e-mail headers, plain footnote numbers ----

CONSEQUENCES_AND_FOOTNOTES = [
    # a denied negation keeps the provision
    (
        "The 2025 report is withheld under section 22(1). It is not the case that section 22(1) "
        "does not apply simply because a date has not been fixed.",
        [("s.22(1)", False)],
    ),
    (
        "It is withheld under section 22(1). I do not accept that section 22(1) does not apply.",
        [("s.22(1)", False)],
    ),
    # "but have not needed to rely on it", with no comma and no subject
    ("We also considered section 31(1)(a) but have not needed to rely on it.", []),
    # a consequence said of the provision cited earlier in the same sentence
    (
        "We withheld the bid under section 33(1)(b) and the survey under section 27(1).\n\n"
        "Section 27(1): the survey was published, so this exemption no longer applies.",
        [("s.33(1)(b)", False)],
    ),
    # ... but not when the verb has an object: that only limits it
    (
        "Section 40(2) applies to the names, so the exemption does not apply to the job titles.",
        [("s.40(2)", False)],
    ),
    # footnote numbers run into the citations in PDF text, the footnotes under the letter
    (
        "The schedule is redacted under section 43(2)1. We have not relied on section 41(1)2, as "
        "there is no duty of confidence.\n1 Section 43(2) - Commercial interests.\n2 Section "
        "41(1) - Information provided in confidence.",
        [("s.43(2)", False)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PDF_AND_LOG_LAYOUTS + CONSEQUENCES_AND_FOOTNOTES)
def test_layouts_explanations_double_negatives_and_consequences(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the receipt date comes first, in prose too; only the response's own date counts
        (
            "I write about your request received on 22 September 2025.\nOur response is dated "
            "17 October 2025. The locations are withheld under section 31(1)(a).",
            date(2025, 10, 17),
        ),
        # a reply's e-mail header with "Subject:" above "Sent:"
        (
            "Subject: RE: Internal review - FOI/25/4419\nSent: 21 October 2025 16:40\n\nDear "
            "Mr Osei,\n\nI have completed the internal review.\n\nI uphold the use of section "
            "40(2).\n\nYou may complain to the Information Commissioner.\n\nJo Pike\nHead of "
            "Legal",
            date(2025, 10, 21),
        ),
    ],
)
def test_the_notice_date_in_prose_or_under_a_subject_line(text, expected):
    assert read_notice(text).date == expected


def test_the_letter_goes_on_below_a_plain_numbered_footnote():
    reading = read_notice(
        "The schedule is redacted under section 43(2)1 of the FOIA.\n1 Section 43(2) - Commercial "
        "interests.\nIf you are dissatisfied you may request an internal review within 40 working "
        "days."
    )
    assert [found.provision for found in reading.provisions] == ["s.43(2)"]
    assert reading.review_window_working_days == 40


# --- Blind batch 36 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # answers numbered "Q1." with no question above them: the authority speaking
        (
            "Dear Mr Khan,\n\nPlease find below our response to your request.\n\nQ1. The "
            "Association spent £1,284,000 on repairs.\n\nQ2. We are withholding the tender under "
            "section 43(2) of the Freedom of Information Act.",
            [("s.43(2)", False)],
        ),
        (
            "Q1: No, the council does not hold this.\nQ2: Section 21 applies; see our website.\n"
            "Q3: This information is exempt under section 40(2).",
            [("s.21", False), ("s.40(2)", False)],
        ),
        # ... a question asked on a "Q" line is still the requester's, and its answer below it
        (
            "Q1: Why did you rely on section 43(2) last year?\nWe no longer hold that request.\n\n"
            "Q2: Please provide the names of the panel.\nWe are withholding them under section "
            "40(2).",
            [("s.40(2)", False)],
        ),
        (
            "Q1. We would like the tender evaluation under section 41 if possible.\nA: The "
            "evaluation is withheld under section 43(2).",
            [("s.43(2)", False)],
        ),
    ],
)
def test_answers_numbered_like_questions_without_the_questions(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "had not been correctly applied", like "was not correctly applied"
        (
            "The names were withheld under section 38(1)(b) and the figures under section "
            "35(1)(a). The review panel considered that section 35(1)(a) had not been correctly "
            "applied to the figures, which are provided below. The panel agreed that section "
            "38(1)(b) had been correctly applied.",
            [("s.38(1)(b)", False)],
        ),
        # a provision referred to "in error"
        (
            "I uphold the decision to refuse your request under section 14(1). The original "
            "response also referred to section 12 in error, and that reference is withdrawn.",
            [("s.14(1)", False)],
        ),
        (
            "The prices are withheld under section 43(2). The reference to section 41 was "
            "included by mistake.",
            [("s.43(2)", False)],
        ),
        # ... not a release made in error under another provision's name
        (
            "Some names were released in error in 2024; the names are now withheld under section "
            "40(2).",
            [("s.40(2)", False)],
        ),
        # considered whether it applies, "but we do not believe that it does"
        (
            "The schedule is withheld under section 43(2). We have also considered whether "
            "section 41 applies to the schedule, but as the prices were agreed by both parties, "
            "we do not believe that it does.",
            [("s.43(2)", False)],
        ),
        (
            "We considered whether section 41 applies to the schedule and we believe that it does.",
            [("s.41", False)],
        ),
        # what the law provides about authorities in general is not the authority's finding
        (
            "We are withholding them under exception 12(5)(f) of the EIR.\n\nRegulation 12(9) "
            "provides that an authority may not rely on regulation 12(5)(f) where the information "
            "is on emissions. The reports do not contain information on emissions, so regulation "
            "12(9) does not prevent us from relying on it.",
            [("reg 12(5)(f)", False)],
        ),
        (
            "The bids are withheld under regulation 12(5)(e). Under regulation 12(9), a public "
            "authority cannot rely on regulations 12(5)(d) to (g) where the information is on "
            "emissions; none of the bids is.",
            [("reg 12(5)(e)", False)],
        ),
        # ... while the authority's own "cannot rely" still negates
        (
            "The figures are withheld under regulation 12(5)(e). Regulation 12(9) means that we "
            "cannot rely on regulation 12(5)(f) for the emissions data.",
            [("reg 12(5)(e)", False)],
        ),
    ],
)
def test_had_not_been_applied_in_error_it_does_not_and_what_the_law_provides(text, expected):
    assert provisions(text) == expected
