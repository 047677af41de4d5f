"""The catalogue of provisions an authority can rely on to withhold information.

Three regimes, three numbering schemes: the Freedom of Information Act 2000 (FOIA, Part II
exemptions plus the s.12 and s.14 refusal grounds), the Environmental Information Regulations
2004 (EIR, the reg 12(4) and 12(5) exceptions, reg 13 personal data and reg 5(3), the applicant's
own personal data) and the Freedom of
Information (Scotland) Act 2002 (FOISA, Part 2 exemptions plus ss.12 and 14). FOISA numbers mean
different things from FOIA numbers (FOISA s.30 is public affairs, s.35 law enforcement, s.38
personal information), so every question is asked of one regime's catalogue and numbers are never
mapped across.

Absolute or qualified:

* FOIA s.2(3) lists the absolute exemptions: ss.21, 23, 32, 34, 36 (only for information held by
  the Houses of Parliament), 37(1)(a)-(ab), 40(1), 40(2) where the first condition (s.40(3A),
  would contravene the data-protection principles) is met, 41 and 44. Everything else in Part II
  carries the public-interest test.
* EIR reg 12(1)(b): every reg 12(4) and 12(5) exception is subject to the public-interest test.
  Reg 13 is not a reg 12 exception: under reg 13(1)(a) personal data must not be disclosed when the
  first condition (reg 13(2A), contravening the data-protection principles) is met, with no
  public-interest test. Only the second and third conditions (reg 13(2B), 13(3A)) are weighed
  against the public interest (reg 13(1)(b)). So reg 13 is treated as absolute unless the citation
  points at the second or third condition.
* EIR reg 5(3): the duty to make information available (reg 5(1)) does not apply to personal data
  of which the applicant is the data subject. It is neither a reg 12 exception nor weighed against
  the public interest; the applicant asks for those data under data-protection law (a subject
  access request). It is the EIR counterpart of FOIA s.40(1), kept as its own kind,
  `ProvisionKind.EXCLUSION`, and absolute.
* FOISA s.2(2) lists the absolute exemptions: ss.25, 26, 36(2), 37 and, in s.38(1), paragraphs
  (a), (c) and (d), and (b) where the first condition is met.
* The cost limit (FOIA and FOISA s.12) and vexatious or repeated requests (s.14) are refusal
  grounds, not exemptions; no public-interest test applies, so they are recorded as absolute.

Neither confirm nor deny (NCND): FOIA puts it in each exemption's own subsection (s.24(2),
s.31(3), s.40(5A)/(5B) ...), recorded here as `ncnd_subsections`. FOISA has one NCND provision for
all exemptions, s.18, and the EIR allow it only for reg 12(5)(a) interests (reg 12(6)) and for
personal data (reg 13(5A)/(5B)). Those stand-alone NCND provisions are not exemptions; they are
described by `NcndProvision` and found with `ncnd_provision()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from review_service.domain.calendar import Regime

__all__ = [
    "CatalogueEntry",
    "NcndProvision",
    "ProvisionKind",
    "catalogue",
    "choices",
    "format_provision",
    "is_absolute",
    "lookup",
    "nature_of",
    "nature_sentence",
    "ncnd_provision",
    "normalise_provision",
    "provision_kind",
    "provision_parts",
]


class ProvisionKind(StrEnum):
    EXEMPTION = "exemption"  # FOIA / FOISA Part II (Part 2) exemptions
    REFUSAL_GROUND = "refusal_ground"  # s.12 cost limit, s.14 vexatious or repeated
    EXCEPTION = "exception"  # EIR reg 12(4), 12(5) and reg 13
    EXCLUSION = "exclusion"  # EIR reg 5(3): outside the duty to disclose, not an exception


@dataclass(frozen=True)
class CatalogueEntry:
    regime: Regime
    section: str  # catalogue key: "24", "22A", "14(1)"; EIR "12(5)(b)", "13"
    title: str  # official-style heading, e.g. "National security"
    plain_title: str  # for requesters, e.g. "Protecting national security"
    absolute: bool  # the usual case; is_absolute() refines it per subsection
    kind: ProvisionKind
    ncnd_subsections: tuple[str, ...] = ()

    @property
    def public_interest_test(self) -> bool:
        return not self.absolute

    @property
    def code(self) -> str:
        """Canonical display form of the entry itself, e.g. "s.43" or "reg 12(5)(b)"."""
        return format_provision(self.regime, provision_parts(self.section))


@dataclass(frozen=True)
class NcndProvision:
    """A stand-alone neither-confirm-nor-deny provision (FOISA s.18, EIR reg 12(6))."""

    regime: Regime
    section: str
    title: str
    applies_to: tuple[str, ...]  # catalogue sections it can be combined with


_E, _R, _X = ProvisionKind.EXEMPTION, ProvisionKind.REFUSAL_GROUND, ProvisionKind.EXCEPTION
_O = ProvisionKind.EXCLUSION

# (section, title, plain title, absolute, kind, NCND subsections)
_FOIA_ROWS: tuple[tuple[str, str, str, bool, ProvisionKind, tuple[str, ...]], ...] = (
    # s.12(2): the cost limit can also excuse the duty to confirm or deny on its own.
    (
        "12",
        "Cost of compliance exceeds appropriate limit",
        "Answering would cost too much",
        True,
        _R,
        ("2",),
    ),
    ("14(1)", "Vexatious requests", "The request is vexatious", True, _R, ()),
    ("14(2)", "Repeated requests", "The request repeats an earlier one", True, _R, ()),
    # s.21 has no NCND subsection: the authority must say the information is available.
    (
        "21",
        "Information accessible to applicant by other means",
        "You can already get the information another way",
        True,
        _E,
        (),
    ),
    (
        "22",
        "Information intended for future publication",
        "The information will be published later",
        False,
        _E,
        ("2",),
    ),
    ("22A", "Research", "Protecting continuing research", False, _E, ("2",)),
    (
        "23",
        "Information supplied by, or relating to, bodies dealing with security matters",
        "Information from or about the security bodies",
        True,
        _E,
        ("5",),
    ),
    ("24", "National security", "Protecting national security", False, _E, ("2",)),
    ("26", "Defence", "Protecting defence", False, _E, ("3",)),
    (
        "27",
        "International relations",
        "Protecting relations with other countries",
        False,
        _E,
        ("4",),
    ),
    (
        "28",
        "Relations within the United Kingdom",
        "Protecting relations between the UK's governments",
        False,
        _E,
        ("3",),
    ),
    ("29", "The economy", "Protecting the economy", False, _E, ("2",)),
    (
        "30",
        "Investigations and proceedings conducted by public authorities",
        "Protecting investigations and proceedings",
        False,
        _E,
        ("3",),
    ),
    ("31", "Law enforcement", "Protecting law enforcement", False, _E, ("3",)),
    ("32", "Court records, etc.", "Court records", True, _E, ("3",)),
    ("33", "Audit functions", "Protecting audit work", False, _E, ("3",)),
    ("34", "Parliamentary privilege", "Protecting parliamentary privilege", True, _E, ("2",)),
    (
        "35",
        "Formulation of government policy, etc.",
        "Protecting how government policy is made",
        False,
        _E,
        ("3",),
    ),
    # Absolute only for the Houses of Parliament (s.2(3)(e)); qualified for everyone else.
    (
        "36",
        "Prejudice to effective conduct of public affairs",
        "Protecting how public business is run",
        False,
        _E,
        ("3",),
    ),
    # Absolute only for s.37(1)(a)-(ab) (s.2(3)(ea)); see is_absolute().
    (
        "37",
        "Communications with His Majesty, etc. and honours",
        "Communications with the Royal Family, and honours",
        False,
        _E,
        ("2",),
    ),
    ("38", "Health and safety", "Protecting health and safety", False, _E, ("2",)),
    (
        "39",
        "Environmental information",
        "Environmental information, dealt with under the EIR instead",
        False,
        _E,
        ("1A",),
    ),
    # s.40(1) and s.40(2) with the first condition are absolute (s.2(3)(f)); see is_absolute().
    ("40", "Personal information", "Protecting personal information", True, _E, ("5", "5A", "5B")),
    (
        "41",
        "Information provided in confidence",
        "Information given in confidence",
        True,
        _E,
        ("2",),
    ),
    (
        "42",
        "Legal professional privilege",
        "Protecting confidential legal advice",
        False,
        _E,
        ("2",),
    ),
    ("43", "Commercial interests", "Protecting commercial interests", False, _E, ("3",)),
    ("44", "Prohibitions on disclosure", "Another law forbids disclosure", True, _E, ("2",)),
)

_EIR_ROWS: tuple[tuple[str, str, str, bool, ProvisionKind, tuple[str, ...]], ...] = (
    # Reg 5(3): "To the extent that the information requested includes personal data of which the
    # applicant is the data subject, paragraph (1) shall not apply to those personal data." The
    # duty itself does not apply (FOIA s.40(1)'s counterpart): no public-interest test, no NCND
    # subsection (reg 13(5A) covers confirming or denying), and the applicant's route is a subject
    # access request under data-protection law.
    (
        "5(3)",
        "Personal data of which the applicant is the data subject",
        "Your own personal information, which you can ask for under data protection law",
        True,
        _O,
        (),
    ),
    (
        "12(4)(a)",
        "Information not held",
        "The authority does not hold the information",
        False,
        _X,
        (),
    ),
    (
        "12(4)(b)",
        "Manifestly unreasonable requests",
        "The request is manifestly unreasonable",
        False,
        _X,
        (),
    ),
    (
        "12(4)(c)",
        "Request formulated in too general a manner",
        "The request is too general",
        False,
        _X,
        (),
    ),
    (
        "12(4)(d)",
        "Material in the course of completion, unfinished documents or incomplete data",
        "The material is unfinished",
        False,
        _X,
        (),
    ),
    ("12(4)(e)", "Internal communications", "Protecting internal communications", False, _X, ()),
    # Reg 12(6) lets an authority neither confirm nor deny for these interests only.
    (
        "12(5)(a)",
        "International relations, defence, national security or public safety",
        "Protecting international relations, defence, national security or public safety",
        False,
        _X,
        (),
    ),
    (
        "12(5)(b)",
        "The course of justice, fair trial and inquiries",
        "Protecting the course of justice and inquiries",
        False,
        _X,
        (),
    ),
    (
        "12(5)(c)",
        "Intellectual property rights",
        "Protecting intellectual property rights",
        False,
        _X,
        (),
    ),
    (
        "12(5)(d)",
        "Confidentiality of proceedings",
        "Protecting confidential proceedings",
        False,
        _X,
        (),
    ),
    (
        "12(5)(e)",
        "Confidentiality of commercial or industrial information",
        "Protecting confidential commercial information",
        False,
        _X,
        (),
    ),
    (
        "12(5)(f)",
        "Interests of the person who provided the information",
        "Protecting someone who gave information voluntarily",
        False,
        _X,
        (),
    ),
    ("12(5)(g)", "Protection of the environment", "Protecting the environment", False, _X, ()),
    # Absolute in the usual first-condition case (reg 13(1)(a)); see the module docstring.
    ("13", "Personal data", "Protecting personal information", True, _X, ("5", "5A", "5B")),
)

_FOISA_ROWS: tuple[tuple[str, str, str, bool, ProvisionKind, tuple[str, ...]], ...] = (
    ("12", "Excessive cost of compliance", "Answering would cost too much", True, _R, ()),
    ("14(1)", "Vexatious requests", "The request is vexatious", True, _R, ()),
    ("14(2)", "Repeated requests", "The request repeats an earlier one", True, _R, ()),
    (
        "25",
        "Information otherwise accessible",
        "You can already get the information another way",
        True,
        _E,
        (),
    ),
    ("26", "Prohibitions on disclosure", "Another law forbids disclosure", True, _E, ()),
    (
        "27",
        "Information intended for future publication",
        "The information will be published later, or is continuing research",
        False,
        _E,
        (),
    ),
    (
        "28",
        "Relations within the United Kingdom",
        "Protecting relations between the UK's governments",
        False,
        _E,
        (),
    ),
    (
        "29",
        "Formulation of Scottish Administration policy etc.",
        "Protecting how Scottish Government policy is made",
        False,
        _E,
        (),
    ),
    (
        "30",
        "Prejudice to effective conduct of public affairs",
        "Protecting how public business is run",
        False,
        _E,
        (),
    ),
    (
        "31",
        "National security and defence",
        "Protecting national security and defence",
        False,
        _E,
        (),
    ),
    ("32", "International relations", "Protecting relations with other countries", False, _E, ()),
    (
        "33",
        "Commercial interests and the economy",
        "Protecting commercial interests and the economy",
        False,
        _E,
        (),
    ),
    (
        "34",
        "Investigations by Scottish public authorities and proceedings arising out of such "
        "investigations",
        "Protecting investigations and proceedings",
        False,
        _E,
        (),
    ),
    ("35", "Law enforcement", "Protecting law enforcement", False, _E, ()),
    # s.36(1) (legal privilege) is qualified, s.36(2) (confidence) absolute; see is_absolute().
    ("36", "Confidentiality", "Protecting confidential information", False, _E, ()),
    ("37", "Court records, etc.", "Court records", True, _E, ()),
    ("38", "Personal information", "Protecting personal information", True, _E, ()),
    (
        "39",
        "Health, safety and the environment",
        "Protecting health, safety and the environment",
        False,
        _E,
        (),
    ),
    ("40", "Audit functions", "Protecting audit work", False, _E, ()),
    (
        "41",
        "Communications with His Majesty etc. and honours",
        "Communications with the Royal Family, and honours",
        False,
        _E,
        (),
    ),
)


def _build(
    regime: Regime, rows: tuple[tuple[str, str, str, bool, ProvisionKind, tuple[str, ...]], ...]
) -> dict[str, CatalogueEntry]:
    return {
        section: CatalogueEntry(regime, section, title, plain, absolute, kind, ncnd)
        for section, title, plain, absolute, kind, ncnd in rows
    }


_CATALOGUES: dict[Regime, dict[str, CatalogueEntry]] = {
    Regime.FOIA: _build(Regime.FOIA, _FOIA_ROWS),
    Regime.EIR: _build(Regime.EIR, _EIR_ROWS),
    Regime.FOISA: _build(Regime.FOISA, _FOISA_ROWS),
}

# A bare "section 14" is, in practice, a vexatious-request refusal: repeated requests are cited
# as s.14(2) because the authority has to point at the earlier request.
_BARE_ALIASES: dict[Regime, dict[str, str]] = {
    Regime.FOIA: {"14": "14(1)"},
    Regime.FOISA: {"14": "14(1)"},
    Regime.EIR: {},
}

# FOISA s.18(1): NCND is available where the information, if held, would be exempt under any
# of ss.28 to 35, 38, 39(1) or 41. EIR reg 12(6): only for the reg 12(5)(a) interests.
_NCND_PROVISIONS: dict[Regime, dict[str, NcndProvision]] = {
    Regime.FOISA: {
        "18": NcndProvision(
            Regime.FOISA,
            "18",
            "Neither confirm nor deny",
            ("28", "29", "30", "31", "32", "33", "34", "35", "38", "39", "41"),
        )
    },
    Regime.EIR: {
        "12(6)": NcndProvision(Regime.EIR, "12(6)", "Neither confirm nor deny", ("12(5)(a)",))
    },
    Regime.FOIA: {},
}

# --- Parsing one provision --------------------------------------------------------------------

# Leading words a provision may carry: "Section", "s.", "ss", "S" (as in "S23(5)"), "reg.",
# "Regulation", and the doubled "section s.38(1)(b)" seen in real notices.
_KEYWORD = re.compile(
    r"^\s*(?:(?:sections?|secs?\.?|ss?\.?|regulations?|regs?\.?)\s*)?(?:s\.\s*)?",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"([0-9]{1,2})([A-Za-z]?)(?![0-9A-Za-z])")
_GROUP = re.compile(r"\s*\(\s*([0-9]{1,2}[A-Za-z]?|[A-Za-z]{1,4})\s*\)")


def provision_parts(text: str) -> tuple[str, ...]:
    """Split one citation into its number and bracketed groups.

    "s.40(5B)(a)(i)" -> ("40", "5B", "a", "i"); "reg 12(5)(b)" -> ("12", "5", "b");
    "Section 36(2) (b) (i)" -> ("36", "2", "b", "i"). Raises ValueError when the text is not a
    single provision.
    """
    rest = _KEYWORD.sub("", text, count=1)
    number = _NUMBER.match(rest)
    if number is None:
        raise ValueError(f"Not a provision: {text!r}")
    parts = [number.group(1).lstrip("0") or "0"]
    parts[0] += number.group(2).upper()
    position = number.end()
    while group := _GROUP.match(rest, position):
        token = group.group(1)
        parts.append(token.upper() if token[0].isdigit() else token.lower())
        position = group.end()
    if rest[position:].strip():
        raise ValueError(f"Not a single provision: {text!r}")
    return tuple(parts)


def format_provision(regime: Regime | str, parts: tuple[str, ...]) -> str:
    """Canonical display form: FOIA/FOISA "s.24(2)", EIR "reg 12(5)(b)"."""
    prefix = "reg " if Regime(regime) is Regime.EIR else "s."
    return prefix + parts[0] + "".join(f"({part})" for part in parts[1:])


def normalise_provision(regime: Regime | str, text: str) -> str:
    """ "Section 40 (2)" -> "s.40(2)"; under EIR "Regulation 12(5)(b)" -> "reg 12(5)(b)"."""
    return format_provision(regime, provision_parts(text))


def _key(parts: tuple[str, ...]) -> str:
    return parts[0] + "".join(f"({part})" for part in parts[1:])


def lookup(regime: Regime | str, provision_or_section: str) -> CatalogueEntry | None:
    """The catalogue entry a citation falls under, or None if it is not an exemption.

    The most specific catalogued prefix wins: "s.24(2)" -> s.24, "reg 12(5)(b)" -> reg 12(5)(b),
    "s.14(2)" -> s.14(2). Procedural sections (1, 10, 17, 50 ...) and EIR regulations other than
    the exceptions and reg 5(3) are not in the catalogue and give None.
    """
    regime = Regime(regime)
    try:
        parts = provision_parts(provision_or_section)
    except ValueError:
        return None
    entries = _CATALOGUES[regime]
    for length in range(len(parts), 0, -1):
        entry = entries.get(_key(parts[:length]))
        if entry is not None:
            return entry
    alias = _BARE_ALIASES[regime].get(parts[0])
    return entries[alias] if alias else None


def ncnd_provision(regime: Regime | str, provision: str) -> NcndProvision | None:
    """FOISA s.18 or EIR reg 12(6) (with any subsections), else None."""
    regime = Regime(regime)
    try:
        parts = provision_parts(provision)
    except ValueError:
        return None
    table = _NCND_PROVISIONS[regime]
    for length in range(len(parts), 0, -1):
        found = table.get(_key(parts[:length]))
        if found is not None:
            return found
    return None


def catalogue(regime: Regime | str) -> list[CatalogueEntry]:
    """Every entry for the regime, in statutory order."""
    return list(_CATALOGUES[Regime(regime)].values())


def choices(regime: Regime | str) -> list[tuple[str, str]]:
    """(code, label) pairs for form select boxes, e.g. ("s.43", "s.43 Commercial interests")."""
    return [(entry.code, f"{entry.code} {entry.title}") for entry in catalogue(regime)]


# --- Absolute or qualified, subsection by subsection ------------------------------------------


def _foia_40_absolute(sub: tuple[str, ...]) -> bool:
    # s.2(3)(f): s.40(1), and s.40(2) where the first condition (s.40(3A)) applies, are absolute.
    # The second (s.40(3B), right to object) and third (s.40(4A), subject-access exemptions)
    # conditions are qualified; so were the pre-2018 s.40(4) and s.40(5)(b)(ii). For NCND,
    # s.40(5A) and s.40(5B)(a)(i) are absolute and the rest of s.40(5B) qualified (ICO guidance).
    # A bare s.40(2), s.40(5) or s.40(5B) is read as the usual, first-condition case.
    if not sub:
        return True
    head, rest = sub[0], sub[1:]
    if head in {"3B", "4", "4A"}:
        return False
    if head == "5":
        return rest[:2] != ("b", "ii")
    if head == "5B":
        return not rest or (rest[0] == "a" and rest[1:2] != ("ii",))
    return True


def _eir_13_absolute(sub: tuple[str, ...]) -> bool:
    # Reg 13(1)(a) / first condition reg 13(2A): no public-interest test. Reg 13(1)(b), the
    # second (13(2B)) and third (13(3A)) conditions: public-interest test. NCND: reg 13(5A)(a)
    # with 13(5B)(a) is absolute, 13(5A)(b) with 13(5B)(b)-(e) qualified; the pre-2018 13(5)(b)
    # was qualified too.
    if not sub:
        return True
    head, rest = sub[0], sub[1:]
    if head in {"2B", "3A"}:
        return False
    if head in {"1", "5", "5A"}:
        return rest[:1] != ("b",)
    if head == "5B":
        return not rest or rest[0] == "a"
    return True


def _foisa_38_absolute(sub: tuple[str, ...]) -> bool:
    # FOISA s.2(2)(e): s.38(1)(a), (c) and (d) absolute; s.38(1)(b) absolute where the first
    # condition (s.38(2A), or the pre-2018 s.38(2)) is met. The second (s.38(2B)) and third
    # (s.38(3A), pre-2018 s.38(3)) conditions are qualified.
    return not sub or sub[0] not in {"2B", "3", "3A"}


_FOIA_37_ABSOLUTE = {("a",), ("aa",), ("ab",)}


def is_absolute(regime: Regime | str, provision: str, *, cited_with: Iterable[str] = ()) -> bool:
    """Whether no public-interest test applies to the provision cited.

    True for an absolute exemption and for the s.12 and s.14 refusal grounds, which are not
    exemptions at all (see `ProvisionKind`; describe them with `nature_of`). FOIA s.36 is
    absolute only "so far as relating to information held by the House of Commons or the House
    of Lords" (s.2(3)(e)); the Houses are not authorities this service handles, so s.36 is
    always qualified here. FOIA s.37(2) (neither confirm nor deny) follows the paragraph of
    s.37(1) it protects: absolute for s.37(1)(a)-(ab) (s.2(3)(ea), s.2(1)(a)), so it is
    absolute when one of those is among `cited_with`, the other provisions of the same notice.
    Raises KeyError for a provision that is not in the catalogue.
    """
    regime = Regime(regime)
    entry = lookup(regime, provision)
    if entry is None:
        raise KeyError(f"{provision!r} is not a {regime.name} exemption or exception")
    parts = provision_parts(provision)
    sub = parts[1:]
    if regime is Regime.FOIA:
        if entry.section == "36":
            return False
        if entry.section == "37":
            # s.2(3)(ea): the Sovereign, the heir and the second in line only.
            if sub[:1] == ("2",):
                return any(_is_foia_37_absolute_paragraph(other) for other in cited_with)
            return sub[:1] == ("1",) and sub[1:2] in _FOIA_37_ABSOLUTE
        if entry.section == "40":
            return _foia_40_absolute(sub)
    elif regime is Regime.EIR:
        if entry.section == "13":
            return _eir_13_absolute(sub)
    else:
        if entry.section == "36":
            return sub[:1] == ("2",)  # FOISA s.2(2)(c)
        if entry.section == "38":
            return _foisa_38_absolute(sub)
    return entry.absolute


def _is_foia_37_absolute_paragraph(provision: str) -> bool:
    try:
        parts = provision_parts(provision)
    except ValueError:
        return False
    return parts[:2] == ("37", "1") and parts[2:3] in _FOIA_37_ABSOLUTE


def provision_kind(regime: Regime | str, provision: str) -> ProvisionKind:
    """An exemption, an EIR exception, a ground for refusal (FOIA s.12, s.14; FOISA s.12, s.14)
    or information outside the duty (EIR reg 5(3)): what the catalogue says the provision is (an
    uncatalogued one is taken as an exemption)."""
    entry = lookup(regime, provision)
    return entry.kind if entry is not None else ProvisionKind.EXEMPTION


def nature_of(kind: ProvisionKind, absolute: bool) -> str:
    """What a provision is, in a few words for a table: the s.12 and s.14 grounds are not
    exemptions, and the EIR have exceptions (reg 12(4), 12(5)) rather than exemptions."""
    if kind is ProvisionKind.REFUSAL_GROUND:
        return "Ground for refusing the request, not an exemption (no public-interest test)"
    if kind is ProvisionKind.EXCLUSION:
        return "Outside the duty to disclose, not an exception (no public-interest test)"
    noun = "exception" if kind is ProvisionKind.EXCEPTION else "exemption"
    if absolute:
        return f"Absolute {noun} (no public-interest test)"
    return f"Qualified {noun} (public-interest test)"


def nature_sentence(kind: ProvisionKind, absolute: bool) -> str:
    """The same, as a sentence for a letter or a submission."""
    if kind is ProvisionKind.REFUSAL_GROUND:
        return (
            "A ground for refusing the request, not an exemption: no public-interest test applies."
        )
    if kind is ProvisionKind.EXCLUSION:
        # EIR reg 5(3): the duty in reg 5(1) does not apply to the applicant's own personal data.
        return (
            "Not an exception: the duty to make the information available does not apply to it "
            "(the applicant's own personal data, EIR reg 5(3)), so no public-interest test "
            "applies; the applicant can ask for it under data protection law."
        )
    if kind is ProvisionKind.EXCEPTION:
        if absolute:
            return "An exception to which the public-interest test does not apply."
        # EIR reg 12(1)(b) and reg 12(2).
        return (
            "An exception: the public-interest test applies, with a presumption in favour of "
            "disclosure (EIR reg 12(1)(b) and 12(2))."
        )
    if absolute:
        return "An absolute exemption: the public-interest test does not apply."
    return "A qualified exemption: the public-interest test applies."
