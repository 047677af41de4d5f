"""The exemption catalogue: FOIA Part II, the EIR exceptions and FOISA Part 2.

Absolute exemptions follow FOIA s.2(3), EIR reg 12(1)(b) with reg 13(1), and FOISA s.2(2);
NCND subsections follow the exemptions' own wording (DOMAIN.md, "Exemptions").
"""

import pytest

from review_service.domain.calendar import Regime
from review_service.domain.exemptions import (
    CatalogueEntry,
    ProvisionKind,
    catalogue,
    choices,
    format_provision,
    is_absolute,
    lookup,
    nature_of,
    nature_sentence,
    ncnd_provision,
    normalise_provision,
    provision_parts,
)

FOIA, EIR, FOISA = Regime.FOIA, Regime.EIR, Regime.FOISA


def sections(regime: Regime) -> list[str]:
    return [entry.section for entry in catalogue(regime)]


# --- What the catalogue covers ------------------------------------------------------------------


def test_foia_covers_part_ii_and_the_refusal_grounds():
    # s.25 is not an exemption (supplementary to ss.23-24), so Part II runs 21-24 and 26-44.
    expected = ["12", "14(1)", "14(2)", "21", "22", "22A", "23", "24"] + [
        str(n) for n in range(26, 45)
    ]
    assert sections(FOIA) == expected


def test_eir_covers_every_exception_in_regulations_12_and_13_and_regulation_5_3():
    expected = (
        ["5(3)"] + [f"12(4)({p})" for p in "abcde"] + [f"12(5)({p})" for p in "abcdefg"] + ["13"]
    )
    assert sections(EIR) == expected


def test_foisa_covers_cost_vexatious_and_part_2():
    expected = ["12", "14(1)", "14(2)"] + [str(n) for n in range(25, 42)]
    assert sections(FOISA) == expected


@pytest.mark.parametrize("regime", list(Regime))
def test_every_entry_is_complete_and_finds_itself(regime):
    for entry in catalogue(regime):
        assert isinstance(entry, CatalogueEntry)
        assert entry.regime is regime
        assert entry.title and entry.plain_title
        assert entry.public_interest_test is (not entry.absolute)
        assert lookup(regime, entry.code) == entry
        assert lookup(regime, entry.section) == entry


def test_foisa_numbers_are_not_foia_numbers():
    # DOMAIN.md: FOISA 30 is public affairs, 35 law enforcement, 38 personal information.
    assert lookup(FOISA, "30").title == "Prejudice to effective conduct of public affairs"
    assert (
        lookup(FOIA, "30").title == "Investigations and proceedings conducted by public authorities"
    )
    assert lookup(FOISA, "35").title == "Law enforcement"
    assert lookup(FOIA, "35").title == "Formulation of government policy, etc."
    assert lookup(FOISA, "38").title == "Personal information"
    assert lookup(FOIA, "38").title == "Health and safety"


@pytest.mark.parametrize(
    ("regime", "section", "kind"),
    [
        (FOIA, "12", ProvisionKind.REFUSAL_GROUND),
        (FOIA, "14(1)", ProvisionKind.REFUSAL_GROUND),
        (FOIA, "14(2)", ProvisionKind.REFUSAL_GROUND),
        (FOIA, "43", ProvisionKind.EXEMPTION),
        (EIR, "12(4)(b)", ProvisionKind.EXCEPTION),
        (EIR, "13", ProvisionKind.EXCEPTION),
        (EIR, "5(3)", ProvisionKind.EXCLUSION),
        (FOISA, "12", ProvisionKind.REFUSAL_GROUND),
        (FOISA, "38", ProvisionKind.EXEMPTION),
    ],
)
def test_kinds(regime, section, kind):
    assert lookup(regime, section).kind is kind


# --- Absolute or qualified ----------------------------------------------------------------------

# DOMAIN.md: s.21, 23, 32, 34, 40, 41, 44 absolute (s.36 and s.37 depend on the subsection).
FOIA_ABSOLUTE = {"12", "14(1)", "14(2)", "21", "23", "32", "34", "40", "41", "44"}


def test_foia_absolute_exemptions_are_those_in_section_2_3():
    assert {e.section for e in catalogue(FOIA) if e.absolute} == FOIA_ABSOLUTE


def test_every_eir_exception_in_regulation_12_has_a_public_interest_test():
    # EIR reg 12(1)(b).
    for entry in catalogue(EIR):
        if entry.section.startswith("12("):
            assert entry.kind is ProvisionKind.EXCEPTION, entry.section
            assert entry.public_interest_test, entry.section


def test_eir_regulation_5_3_is_the_applicants_own_data_outside_the_duty():
    # Reg 5(3): reg 5(1)'s duty does not apply to personal data of which the applicant is the
    # data subject (FOIA s.40(1)'s counterpart). Not a reg 12 exception, so no public-interest
    # test, and no NCND subsection of its own (reg 13(5A) covers confirming or denying).
    entry = lookup(EIR, "regulation 5(3)")
    assert entry.section == "5(3)"
    assert entry.code == "reg 5(3)"
    assert entry.title == "Personal data of which the applicant is the data subject"
    assert entry.kind is ProvisionKind.EXCLUSION
    assert entry.absolute and not entry.public_interest_test
    assert entry.ncnd_subsections == ()
    assert is_absolute(EIR, "reg 5(3)")
    assert lookup(EIR, "reg 5(1)") is None and lookup(EIR, "reg 5(2)") is None
    assert lookup(FOIA, "s.5(3)") is None and lookup(FOISA, "s.5(3)") is None
    assert nature_of(entry.kind, True) == (
        "Outside the duty to disclose, not an exception (no public-interest test)"
    )
    sentence = nature_sentence(entry.kind, True)
    assert sentence.startswith("Not an exception: the duty to make the information available")
    assert "no public-interest test applies" in sentence
    assert "presumption in favour of disclosure" not in sentence


def test_foisa_absolute_exemptions_are_those_in_section_2_2():
    # FOISA s.2(2): ss.25, 26, 36(2), 37 and parts of s.38; plus the refusal grounds.
    assert {e.section for e in catalogue(FOISA) if e.absolute} == {
        "12", "14(1)", "14(2)", "25", "26", "37", "38",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("regime", "provision", "absolute"),
    [
        # FOIA s.36: absolute only for the Houses of Parliament (s.2(3)(e)).
        (FOIA, "s.36(2)(b)(i)", False),
        (FOIA, "s.36", False),
        # FOIA s.37: the Sovereign, heir and second in line only (s.2(3)(ea)).
        (FOIA, "s.37(1)(a)", True),
        (FOIA, "s.37(1)(aa)", True),
        (FOIA, "s.37(1)(ab)", True),
        (FOIA, "s.37(1)(b)", False),
        (FOIA, "s.37(1)(ac)", False),
        (FOIA, "s.37", False),
        # FOIA s.40 (s.2(3)(f)).
        (FOIA, "s.40", True),
        (FOIA, "s.40(1)", True),
        (FOIA, "s.40(2)", True),
        (FOIA, "s.40(3A)(a)", True),
        (FOIA, "s.40(3B)", False),
        (FOIA, "s.40(4)", False),
        (FOIA, "s.40(4A)(a)", False),
        (FOIA, "s.40(5)", True),
        (FOIA, "s.40(5)(b)(ii)", False),
        (FOIA, "s.40(5A)", True),
        (FOIA, "s.40(5B)", True),
        (FOIA, "s.40(5B)(a)(i)", True),
        (FOIA, "s.40(5B)(a)(ii)", False),
        (FOIA, "s.40(5B)(b)", False),
        (FOIA, "s.40(5B)(d)", False),
        (FOIA, "s.24(2)", False),
        (FOIA, "s.23(5)", True),
        (FOIA, "s.12(2)", True),
        # EIR: reg 12 qualified; reg 13 first condition absolute, second and third qualified.
        (EIR, "reg 12(5)(e)", False),
        (EIR, "reg 12(4)(a)", False),
        (EIR, "reg 13", True),
        (EIR, "reg 13(1)", True),
        (EIR, "reg 13(1)(a)", True),
        (EIR, "reg 13(1)(b)", False),
        (EIR, "reg 13(2A)", True),
        (EIR, "reg 13(2B)", False),
        (EIR, "reg 13(3A)", False),
        (EIR, "reg 13(5A)", True),
        (EIR, "reg 13(5A)(b)", False),
        (EIR, "reg 13(5B)(a)(i)", True),
        (EIR, "reg 13(5B)(c)", False),
        # FOISA s.2(2).
        (FOISA, "s.25(1)", True),
        (FOISA, "s.26(a)", True),
        (FOISA, "s.36(1)", False),
        (FOISA, "s.36(2)", True),
        (FOISA, "s.36", False),
        (FOISA, "s.37(1)(a)", True),
        (FOISA, "s.38(1)(a)", True),
        (FOISA, "s.38(1)(b)", True),
        (FOISA, "s.38(1)(c)", True),
        (FOISA, "s.38(1)(d)", True),
        (FOISA, "s.38(2B)", False),
        (FOISA, "s.38(3A)", False),
        (FOISA, "s.30(b)(i)", False),
        (FOISA, "s.41(a)", False),
    ],
)
def test_absolute_or_qualified_by_subsection(regime, provision, absolute):
    assert is_absolute(regime, provision) is absolute


@pytest.mark.parametrize("provision", ["s.36", "s.36(2)(b)(i)", "s.36(2)(c)", "s.36(3)"])
def test_section_36_is_never_absolute_here(provision):
    # FOIA s.2(3)(e): absolute only for information held by the Houses of Parliament.
    assert is_absolute(FOIA, provision) is False


@pytest.mark.parametrize(
    ("cited_with", "absolute"),
    [
        # FOIA s.37(2) NCND follows the s.37(1) paragraph: s.2(3)(ea) makes (a)-(ab) absolute.
        (("s.37(1)(a)",), True),
        (("s.37(1)(aa)",), True),
        (("s.37(1)(ab)",), True),
        (("s.37(1)(ac)",), False),
        (("s.37(1)(b)",), False),
        ((), False),
        (("s.24(2)",), False),
    ],
)
def test_section_37_ncnd_is_absolute_for_the_sovereign_heir_and_second_in_line(
    cited_with, absolute
):
    assert is_absolute(FOIA, "s.37(2)", cited_with=("s.37(2)", *cited_with)) is absolute


@pytest.mark.parametrize(
    ("regime", "provision", "nature"),
    [
        (
            FOIA,
            "s.12",
            "Ground for refusing the request, not an exemption (no public-interest test)",
        ),
        (
            FOIA,
            "s.14(1)",
            "Ground for refusing the request, not an exemption (no public-interest test)",
        ),
        (
            FOISA,
            "s.14(2)",
            "Ground for refusing the request, not an exemption (no public-interest test)",
        ),
        (FOIA, "s.41(1)", "Absolute exemption (no public-interest test)"),
        (FOIA, "s.36(2)(c)", "Qualified exemption (public-interest test)"),
        (EIR, "reg 12(5)(b)", "Qualified exception (public-interest test)"),
        (EIR, "reg 13", "Absolute exception (no public-interest test)"),
        (
            EIR,
            "reg 5(3)",
            "Outside the duty to disclose, not an exception (no public-interest test)",
        ),
    ],
)
def test_refusal_grounds_are_not_called_exemptions(regime, provision, nature):
    entry = lookup(regime, provision)
    assert nature_of(entry.kind, is_absolute(regime, provision)) == nature
    sentence = nature_sentence(entry.kind, is_absolute(regime, provision))
    refusal_ground = entry.kind is ProvisionKind.REFUSAL_GROUND
    assert sentence.startswith("A ground for refusing the request, not an exemption") is (
        refusal_ground
    )


def test_is_absolute_refuses_provisions_that_are_not_exemptions():
    with pytest.raises(KeyError):
        is_absolute(FOIA, "s.17(1)")


# --- NCND ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "ncnd"),
    [
        ("21", ()),
        ("23", ("5",)),
        ("24", ("2",)),
        ("27", ("4",)),
        ("31", ("3",)),
        ("39", ("1A",)),
        ("40", ("5", "5A", "5B")),
        ("43", ("3",)),
    ],
)
def test_foia_ncnd_subsections(section, ncnd):
    assert lookup(FOIA, section).ncnd_subsections == ncnd


def test_foisa_ncnd_is_section_18_not_a_subsection():
    assert all(entry.ncnd_subsections == () for entry in catalogue(FOISA))
    s18 = ncnd_provision(FOISA, "section 18(1)")
    assert s18 is not None
    assert "35" in s18.applies_to and "38" in s18.applies_to
    assert "25" not in s18.applies_to  # s.18(1): ss.28-35, 38, 39(1) and 41 only
    assert lookup(FOISA, "18") is None


def test_eir_ncnd_is_regulation_12_6_for_12_5_a_only():
    reg_12_6 = ncnd_provision(EIR, "regulation 12(6)")
    assert reg_12_6 is not None
    assert reg_12_6.applies_to == ("12(5)(a)",)
    assert lookup(EIR, "12(6)") is None
    assert lookup(EIR, "13").ncnd_subsections == ("5", "5A", "5B")


def test_foia_has_no_stand_alone_ncnd_provision():
    assert ncnd_provision(FOIA, "18") is None


# --- Looking provisions up ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "text", "section"),
    [
        (FOIA, "s.24(2)", "24"),
        (FOIA, "24", "24"),
        (FOIA, "Section 24(2)", "24"),
        (FOIA, "s 40 (2)", "40"),
        (FOIA, "S23(5)", "23"),
        (FOIA, "s12", "12"),
        (FOIA, "section s.38(1)(b)", "38"),
        (FOIA, "36(2) (b) (i)", "36"),
        (FOIA, "s.22a", "22A"),
        (FOIA, "s.14(2)", "14(2)"),
        (FOIA, "section 14", "14(1)"),  # a bare s.14 is a vexatious-request refusal
        (EIR, "reg 12(5)(b)", "12(5)(b)"),
        (EIR, "12(5)(b)", "12(5)(b)"),
        (EIR, "Regulation 12(4)(b)", "12(4)(b)"),
        (EIR, "reg. 13", "13"),
        (EIR, "regulation 13(1)", "13"),
        (EIR, "regulation 5(3)", "5(3)"),
        (EIR, "reg. 5(3)", "5(3)"),
        (EIR, "Regulation 5 (3)", "5(3)"),
        (FOISA, "section 30(b)(i)", "30"),
        (FOISA, "s.14(2)", "14(2)"),
        ("foia", "s.43(2)", "43"),
    ],
)
def test_lookup_accepts_the_spellings_notices_use(regime, text, section):
    assert lookup(regime, text).section == section


@pytest.mark.parametrize(
    ("regime", "text"),
    [
        (FOIA, "s.1(1)(a)"),
        (FOIA, "section 1"),
        (FOIA, "s.10"),
        (FOIA, "s.16"),
        (FOIA, "section 17(1)"),
        (FOIA, "s.45"),
        (FOIA, "section 50"),
        (FOIA, "s.77"),
        (FOIA, "s.25"),
        (EIR, "reg 11"),
        (EIR, "reg 5(1)"),
        (EIR, "reg 5(2)"),
        (EIR, "reg 12(1)(b)"),
        (EIR, "reg 12(3)"),
        (EIR, "reg 12(5)"),
        (EIR, "reg 14"),
        (FOISA, "s.17"),
        (FOISA, "s.20(1)"),
        (FOISA, "s.47(1)"),
        (FOIA, "commercial interests"),
        (FOIA, ""),
    ],
)
def test_procedural_and_unknown_provisions_are_not_in_the_catalogue(regime, text):
    assert lookup(regime, text) is None


@pytest.mark.parametrize(
    ("regime", "text", "normalised"),
    [
        (FOIA, "Section 24(2)", "s.24(2)"),
        (FOIA, "s 40 (2)", "s.40(2)"),
        (FOIA, "S40(5B)(a)(i)", "s.40(5B)(a)(i)"),
        (FOIA, "section 40(5b)(a)(i)", "s.40(5B)(a)(i)"),
        (FOIA, "36(2) (b) (i)", "s.36(2)(b)(i)"),
        (FOIA, "sec. 43", "s.43"),
        (FOIA, "section s.38(1)(b)", "s.38(1)(b)"),
        (EIR, "Regulation 12(5)(b)", "reg 12(5)(b)"),
        (EIR, "reg. 13", "reg 13"),
        (EIR, "section 12(4)(d)", "reg 12(4)(d)"),
        (FOISA, "section 38(1)(b)", "s.38(1)(b)"),
    ],
)
def test_normalise_provision(regime, text, normalised):
    assert normalise_provision(regime, text) == normalised


@pytest.mark.parametrize(
    "text", ["", "commercial interests", "s.", "section 2019", "s.31(1)(a) and (b)"]
)
def test_normalise_provision_refuses_what_is_not_one_provision(text):
    with pytest.raises(ValueError):
        normalise_provision(FOIA, text)


def test_provision_parts_and_format_round_trip():
    parts = provision_parts("Section 40 (5B) (a) (i)")
    assert parts == ("40", "5B", "a", "i")
    assert format_provision(FOIA, parts) == "s.40(5B)(a)(i)"
    assert format_provision(EIR, ("12", "5", "e")) == "reg 12(5)(e)"


def test_choices_give_code_and_label_for_forms():
    foia = choices(FOIA)
    assert ("s.43", "s.43 Commercial interests") in foia
    assert ("s.14(1)", "s.14(1) Vexatious requests") in foia
    assert len(foia) == len(catalogue(FOIA))
    assert ("reg 12(5)(b)", "reg 12(5)(b) The course of justice, fair trial and inquiries") in (
        choices(EIR)
    )
    assert ("s.30", "s.30 Prejudice to effective conduct of public affairs") in choices(FOISA)
