"""General fixes for wordings the blind batches missed (issue 11), each in several forms.

Composed for these tests; none is copied from a published letter. Whole letters in the same
patterns are among the fixture notices (tests/fixtures/notices).
"""

import pytest

from review_service.domain.notice_reader import read_notice


def provisions(text: str) -> list[tuple[str, bool]]:
    return [(found.provision, found.ncnd) for found in read_notice(text).provisions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare section negated drops the subsections cited before it
        (
            "We relied on section 36(2)(c).\n\nThe Council should not have applied section 36.",
            [],
        ),
        (
            "We relied on sections 36(2)(b)(ii) and 36(2)(c).\n\nWe shouldn't have relied on "
            "section 36.",
            [],
        ),
        ("The Trust ought not to have relied on section 41(1).", []),
        (
            "We didn't apply section 43(2), but the names are withheld under section 40(2).",
            [("s.40(2)", False)],
        ),
        # "n't" after the citation
        ("We relied on section 43(2). On review, section 43(2) doesn't apply.", []),
        ("We relied on section 43(2). On review, section 43(2) wasn't engaged.", []),
        # "It is not the case that section X applies", "nor is it true that"
        ("It is not the case that section 43(2) applies.", []),
        ("It is not true that section 31(1)(a) was engaged.", []),
        ("Under the EIR, nor is it true that regulation 12(5)(e) applies.", []),
        # ... and the double negatives keep it
        ("It is not the case that section 22(1) does not apply.", [("s.22(1)", False)]),
        ("I do not think the Council should not have applied section 43(2).", [("s.43(2)", False)]),
        ("It is not the case that we have not relied on section 43(2).", [("s.43(2)", False)]),
    ],
)
def test_negations_of_a_provision(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what would apply if it were held is the ground of an NCND
        (
            "We can neither confirm nor deny whether we hold the information. If we held it, it "
            "would be exempt under section 40(2) of the Act.",
            [("s.40(2)", True)],
        ),
        (
            "The Force neither confirms nor denies that it holds the information.\n\nIf the Force "
            "did hold it, it would be exempt under section 40(2) and section 31(1)(a).",
            [("s.40(2)", True), ("s.31(1)(a)", True)],
        ),
        (
            "We neither confirm nor deny holding any such report. If any such information were "
            "held, it would be exempt under section 40(2).",
            [("s.40(2)", True)],
        ),
        (
            "We can neither confirm nor deny whether we hold it. Should the information exist, "
            "section 40(2) would apply.",
            [("s.40(2)", True)],
        ),
        # information not held, no NCND: what would apply is not relied on
        (
            "We do not hold a list. If we did hold such a list, the names would be exempt under "
            "section 40(2).",
            [],
        ),
        # one provision relied on for one part and the NCND ground for another: reported once,
        # with its NCND flag
        (
            "For Q1, the names are withheld under section 40(2).\n\nFor Q2, we can neither "
            "confirm nor deny whether we hold the information. If we held it, it would be exempt "
            "under section 40(2).",
            [("s.40(2)", True)],
        ),
        # ... an NCND subsection of its own is a provision of its own
        (
            "For Q1, the reports are withheld under section 31(1)(a).\n\nFor Q2, we neither "
            "confirm nor deny that we hold information, by virtue of section 31(3).",
            [("s.31(1)(a)", False), ("s.31(3)", True)],
        ),
    ],
)
def test_ncnd_grounds_given_as_what_would_apply_if_held(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "but" joins the finding to the balance: the consequence releases the information
        (
            "Section 43(2) is engaged but the public interest favours disclosure, so the contract "
            "is released.",
            [],
        ),
        ("Section 30(1)(a) is engaged, but the public interest favours release.", []),
        (
            "We consider section 43(2) is engaged, but the balance of the public interest favours "
            "disclosure and we are releasing the contract.",
            [],
        ),
        # the statute's test the other way round
        (
            "Section 43(2) is engaged. However, the public interest in maintaining the exemption "
            "does not outweigh the public interest in disclosure, so the contract is released.",
            [],
        ),
        (
            "Section 43(2) is engaged. The public interest in maintaining the exemption is "
            "outweighed by the public interest in disclosure.",
            [],
        ),
        # ... and what keeps part back, or the balance struck for withholding, keeps it
        (
            "Section 43(2) is engaged. The public interest in maintaining the exemption outweighs "
            "the public interest in disclosure.",
            [("s.43(2)", False)],
        ),
        (
            "Section 43(2) is engaged but the public interest favours disclosure of the totals "
            "only; the unit prices remain withheld.",
            [("s.43(2)", False)],
        ),
        (
            "Section 43(2) is engaged but the public interest favours disclosure, so the report is "
            "released with the prices redacted.",
            [("s.43(2)", False)],
        ),
        (
            "Some of the information is exempt under section 43(2), but the public interest "
            "favours disclosure.",
            [("s.43(2)", False)],
        ),
    ],
)
def test_engaged_but_the_public_interest_favours_disclosure(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a review releasing "the information", keeping nothing back, drops what withheld it
        (
            "Your request was refused under section 43(2).\n\nI have reviewed the decision. The "
            "information is now released.",
            [],
        ),
        (
            "Internal review\n\nThe contract was withheld under section 43(2) and the names under "
            "section 40(2).\n\nI have reviewed the decision. The information requested is now "
            "disclosed.",
            [],
        ),
        (
            "We refused the data under regulation 12(4)(d).\n\nI have reconsidered the request. "
            "The data has now been released.",
            [],
        ),
        # ... not when something stays back, nor outside a review
        (
            "Internal review\n\nThe contract was withheld under section 43(2).\n\nI have reviewed "
            "the decision. The information is now released.\n\nThe names of junior staff are "
            "still redacted.",
            [("s.43(2)", False)],
        ),
        (
            "I have reviewed the decision. Section 40(2) applies to the names, which remain "
            "redacted. The information is now released.",
            [("s.40(2)", False)],
        ),
        (
            "The report was withheld under section 22(1).\n\nThe report has since been published. "
            "The information is now disclosed.",
            [("s.22(1)", False)],
        ),
        # a thing named: only what withheld it
        (
            "We withheld the names under section 40(2) and the prices under section 43(2).\n\nOn "
            "review, their names have now been released.",
            [("s.43(2)", False)],
        ),
    ],
)
def test_a_review_that_now_releases_the_information(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence about an annex is not its heading
        (
            "Thank you for your request.\n\nAnnex A lists the documents we hold and the exemption "
            "applied to each.\n\nWe have withheld the names under section 40(2) of the Act.",
            [("s.40(2)", False)],
        ),
        (
            "Thank you for your request.\n\nAppendix 2 sets out the exemptions we considered.\n\n"
            "The prices are withheld under section 43(2).",
            [("s.43(2)", False)],
        ),
        # a bare "Annex A" inside a paragraph (PDF text) over the Act's provisions starts the annex
        (
            "We neither confirm nor deny that we hold it by virtue of section 23(5).\nYours "
            "faithfully\nFOI Team\nAnnex A\nSection 31 - Law enforcement\nSection 31(1) provides "
            "that information is exempt if its disclosure would prejudice the detection of crime.",
            [("s.23(5)", True)],
        ),
        (
            "The advice is withheld under section 42(1).\nAnnex A\nSection 36(2)(b)(i) provides "
            "that information is exempt if its disclosure would inhibit the provision of advice.",
            [("s.42(1)", False)],
        ),
        # ... not when the line before runs on into it
        (
            "The figures are in the table at\nAnnex A\nto this letter. The names are withheld "
            "under section 40(2).",
            [("s.40(2)", False)],
        ),
    ],
)
def test_annex_references_and_headings(text, expected):
    assert provisions(text) == expected


# Blind batches 38 and 39 (issue 11): each rule in several forms, and its limits.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "..., but we are not relying on them": the pronoun names every provision the clause cited
        (
            "The minutes are withheld under section 36(2)(c). Sections 36(2)(b)(i) and (ii) were "
            "also put to the qualified person, but we are not relying on them.",
            [("s.36(2)(c)", False)],
        ),
        (
            "We withhold the report under section 35(1)(a). Sections 40(2) and 43(2) were "
            "considered, but the Department is not relying on these exemptions.",
            [("s.35(1)(a)", False)],
        ),
        (
            "We withhold the minutes under sections 35(1)(a) and 40(2), and we rely on them.",
            [("s.35(1)(a)", False), ("s.40(2)", False)],
        ),
        # an earlier request's reliance is not this notice's
        (
            "As we explained in our response to your earlier request FOI-1102, where we relied "
            "on section 43(2), the pricing is sensitive. This request is answered in part; the "
            "published notice is exempt under section 21.",
            [("s.21", False)],
        ),
        (
            "Your previous request, for which we applied section 12(1), was broader. The names "
            "asked for now are withheld under section 40(2).",
            [("s.40(2)", False)],
        ),
        # a review finding no harm to the interest an exemption protects drops that exemption
        (
            "The original response withheld the price under section 43(2) and the names under "
            "section 40(2).\n\nThe price was reported to a public meeting. I am not persuaded "
            "that disclosure now would prejudice anyone's commercial interests. It is enclosed."
            "\n\nI uphold the use of section 40(2).",
            [("s.40(2)", False)],
        ),
        (
            "The prices are withheld under section 43(2). We do not consider that releasing the "
            "total would prejudice commercial interests, but the unit rates remain withheld.",
            [("s.43(2)", False)],
        ),
        # "The information withheld has now been released": all of what the last citing
        # sentence covered, unless some is kept back
        (
            "Internal review.\n\nThe original response withheld the contract under section "
            "43(2).\n\nHaving reviewed the contract, the information withheld has now been "
            "released to you.",
            [],
        ),
        (
            "Internal review.\n\nThe original response withheld the contract under section "
            "43(2).\n\nSome of the information withheld has now been released to you.",
            [("s.43(2)", False)],
        ),
    ],
)
def test_blind_batch_38_39_rules(text, expected):
    assert provisions(text) == expected


def test_a_bare_annex_heading_over_the_authoritys_own_reasons_is_relied_on():
    text = (
        "Our ref: FDC-1\n\nThe report is withheld for the reasons in the annex to this letter.\n\n"
        "Yours sincerely\n\nProperty Services\n\nAnnex\n\nSection 43(2) - commercial interests\n"
        "The sale has not completed. The Council has weighed the public interest and concludes "
        "that the balance favours withholding the report.\n"
    )
    reading = read_notice(text)
    assert [found.provision for found in reading.provisions] == ["s.43(2)"]
    assert reading.warnings == ()


# Blind batch 41 (issue 11).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a labelled list of bare numbers, each after the last one's title
        (
            "Exemption(s) engaged: 31(1)(a) - Law Enforcement; 40(2) - Personal Information",
            [("s.31(1)(a)", False), ("s.40(2)", False)],
        ),
        (
            "Exemptions applied: 43(2) Commercial interests, 41(1) Confidence",
            [("s.43(2)", False), ("s.41(1)", False)],
        ),
        # how often a provision was used is a statistic, not a reliance
        (
            "A3 - Section 31 was applied to 96 requests in 2024.\n\nA4 - The names are withheld "
            "under section 40(2).",
            [("s.40(2)", False)],
        ),
        (
            "In 2024 we refused 45 requests under section 12 and 3 requests under section 14(1)."
            " Your request is refused under section 14(1).",
            [("s.14(1)", False)],
        ),
        (
            "We are refusing your 3 requests under section 14(1).",
            [("s.14(1)", False)],
        ),
    ],
)
def test_blind_batch_41_rules(text, expected):
    assert provisions(text) == expected


def test_a_notice_in_welsh_only_is_read_in_its_own_words():
    text = (
        "Cyfeirnod: DC-RhG-25-88\nDyddiad: 3 Mawrth 2025\n\n"
        "Deddf Rhyddid Gwybodaeth 2000\n\n"
        "Ni allwn gadarnhau na gwadu a ydym yn dal y wybodaeth, dan adran 31(3) o'r Ddeddf. "
        "Nid ydym wedi dibynnu ar adran 43(2).\n\n"
        "Gallwch ofyn am adolygiad mewnol o fewn 40 diwrnod gwaith.\n"
    )
    reading = read_notice(text)
    assert [(found.provision, found.ncnd) for found in reading.provisions] == [("s.31(3)", True)]
    assert reading.reference == "DC-RhG-25-88"
    assert reading.review_window_working_days == 40


def test_welsh_words_are_not_translated_when_the_notice_gives_the_english():
    # "Cyf" is also Cyfyngedig (Ltd); a bilingual notice is read in its English
    text = (
        "Dŵr Cymru Cyf\nRef: DC-25-1\n\nRydym yn atal y wybodaeth dan reoliad 12(5)(e).\n"
        "Environmental Information Regulations 2004: we withhold it under regulation 12(5)(e).\n"
    )
    reading = read_notice(text)
    assert [found.provision for found in reading.provisions] == ["reg 12(5)(e)"]
    assert reading.reference == "DC-25-1"


# Blind batch 42 (issue 11).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a negation that names some of the information only limits the exemption's scope
        (
            "The students' names are withheld under section 40(2). For the avoidance of doubt, we "
            "have not applied section 40(2) to the names of senior staff, which are included.",
            [("s.40(2)", False)],
        ),
        # ... but not applying it to the information, or the request, is a rejection
        (
            "The original response cited section 43(2). On review, we have not applied section "
            "43(2) to the information, which is enclosed.",
            [],
        ),
        # ... and a scope named on its own is no reliance either
        ("We have not applied section 41 to the minutes of the meeting.", []),
    ],
)
def test_blind_batch_42_rules(text, expected):
    assert provisions(text) == expected


def test_an_annex_of_exemptions_in_the_authoritys_own_voice_is_relied_on():
    text = (
        "Our Ref: RCC-1\n\nThe scores are withheld. Our reasons are set out in Appendix A.\n\n"
        "Yours sincerely,\n\nProcurement\n\nAppendix A - Exemptions applied\n\n"
        "Section 43(2) - Commercial interests\nThe Council considers that disclosure would be "
        "likely to prejudice the bidders' commercial interests.\n"
    )
    reading = read_notice(text)
    assert [found.provision for found in reading.provisions] == ["s.43(2)"]
    assert reading.warnings == ()


def test_an_annex_of_exemptions_quoting_the_act_is_still_a_legal_annex():
    text = (
        "Our Ref: RCC-2\n\nThe names are withheld under section 40(2).\n\nYours sincerely,\n\n"
        "Procurement\n\nAnnex A - Exemptions\n\nSection 43(2) provides that information is "
        "exempt information if its disclosure would, or would be likely to, prejudice the "
        "commercial interests of any person.\n"
    )
    assert provisions(text) == [("s.40(2)", False)]


# Blind batch 43 (issue 11).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a provision was cited to withhold, released later, drops that provision only
        (
            "The original response withheld the minutes under section 36(2)(c) and the briefing "
            "note under section 35(1)(a).\n\nSection 36(2)(c) was correctly applied to the "
            "minutes. However, the policy has been announced, so the briefing note should now be "
            "released.",
            [("s.36(2)(c)", False)],
        ),
        (
            "We withheld the report under section 43(2). The report has now been disclosed.",
            [],
        ),
        # ... unless some of it is kept back, or it is only to be published (section 22)
        (
            "We withheld the report under section 43(2). The report has now been disclosed, but "
            "the prices remain withheld.",
            [("s.43(2)", False)],
        ),
        (
            "We are withholding the report under section 22 until it is published. The report "
            "will be published in July.",
            [("s.22", False)],
        ),
        # "Neither section X nor section Y applies"
        (
            "Neither section 40(2) nor section 41 applies to the job titles, which are "
            "disclosed. The names remain withheld under section 40(2).",
            [("s.40(2)", False)],
        ),
        ("Neither section 43(2) nor section 41 applies.", []),
        # a bare EIR exception in brackets after its name
        (
            "Environmental Information Regulations 2004. The exception for internal "
            "communications (12(4)(e)) applies to the emails.",
            [("reg 12(4)(e)", False)],
        ),
    ],
)
def test_blind_batch_43_rules(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "You argued that the report should now be released.",
        "You do not accept that disclosure would prejudice anyone's commercial interests.",
    ],
)
def test_the_requesters_view_of_release_or_harm_drops_nothing(sentence):
    text = "We withheld the report under section 43(2).\n\n" + sentence
    assert provisions(text) == [("s.43(2)", False)]


def test_a_numbered_line_under_a_table_row_does_not_raise():
    # a paragraph that so far holds only table rows has no text lines above a footnote-like line
    # (found by test_notice_like_text_never_raises; an IndexError before)
    assert provisions("| a | b |\n2 Section 41(1) - x.\n") == [("s.41(1)", False)]


# Blind batch 44 (issue 11): the finding a provision needs, denied after "considered".
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We are refusing it under section 12(1). We have also considered section 14(1), but "
            "we do not consider that the request is vexatious.",
            [("s.12(1)", False)],
        ),
        (
            "We considered section 43(2), but we do not consider that the information is exempt.",
            [],
        ),
        (
            "We considered section 43(2), but we do not consider that the information in the "
            "annex is exempt; the prices are withheld under section 43(2).",
            [("s.43(2)", False)],
        ),
    ],
)
def test_blind_batch_44_rules(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("heading", "reference"),
    [
        ("FOI response PU/25/0877", "PU/25/0877"),
        ("EIR Response: HBC-EIR-25-019", "HBC-EIR-25-019"),
        ("FOI response to your request", None),
    ],
)
def test_a_response_heading_labels_the_reference(heading, reference):
    text = f"Pellham University\n{heading}\nDate: 13 August 2025\n\nThe names are withheld.\n"
    assert read_notice(text).reference == reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the Act's name in any case, before the citation: the last word before "Act" is
        # "information", not the "on" at its end
        (
            "We consider that the Freedom of information Act 2000 Exemption 21 (Information "
            "accessible by other means) is engaged.",
            [("s.21", False)],
        ),
        (
            "Under the Freedom of information Act 2000, section 43(2), the prices are withheld.",
            [("s.43(2)", False)],
        ),
        # another Act whose name has lower-case words is still another Act
        (
            "The power comes from the Anti-social behaviour, crime and policing Act 2014, "
            "section 35. The locations are withheld under section 31(1)(a).",
            [("s.31(1)(a)", False)],
        ),
        (
            "Under the Data protection Act 2018, section 24, we may not disclose it. The names "
            "are withheld under section 40(2).",
            [("s.40(2)", False)],
        ),
    ],
)
def test_real_set_12_act_names_before_a_citation(text, expected):
    assert provisions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # s.31(1)'s opening words quoted in the notice's own paragraph name a section that is
        # neither relied on nor set aside
        (
            "The plan is withheld under section 31(1)(a).\n\n(i) Information which is not exempt "
            "information by virtue of section 31 is exempt information if its disclosure would "
            "prejudice the prevention or detection of crime.",
            [("s.31(1)(a)", False)],
        ),
        # the requester's instruction is not the authority's reliance ...
        (
            "Given the volume of material, I would ask that you redact anything covered by "
            "section 40(2) rather than refuse.",
            [],
        ),
        # ... but the authority asking the requester to note something still relies
        (
            "I would ask that you note that the names are withheld under section 40(2).",
            [("s.40(2)", False)],
        ),
        (
            "We estimate that this would be well in excess of the limits set out in the "
            "Regulations, the equivalent of £450 in staff time.",
            [("s.12", False)],
        ),
    ],
)
def test_real_set_12_fresh_check_rules(text, expected):
    assert provisions(text) == expected
