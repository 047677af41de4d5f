"""Read the facts a requester needs out of a refusal notice's plain text.

`read_notice(text)` returns the authority's reference, the notice's own date, the regime, the
time the notice gives for asking for a review, and each exemption or exception relied on (with
its subsection, whether it is absolute and whether it is a neither-confirm-nor-deny response).

Real notices are untidy (see DOMAIN.md, "What a notice reader meets in real notices"), so the
reader works in passes, each simple on its own:

1. Layout. Undo markdown, HTML (a disclosure-log page copied with its tags) and PDF debris (page
   numbers and running footers, protective markings, ligatures, symbol-font bullets), write
   subsections named in words in brackets ("section 40, sub-section 2" -> "section 40(2)"), cut the
   text into blocks (paragraphs; in PDF text with no blank lines, an annex heading or a footnote
   also starts one), mark the legal annex (not an annex of the authority's own reasons, under
   "Annex" or "Appendix A - Exemptions applied": "The Council has weighed the public interest
   and concludes ..."), footnotes ("[2] Section
   40(5B) sets out ...", or "2 Section 41(1) - ..." under a "41(1)2" whose marker is then taken
   off) and verbatim quotations of the legislation: all cite sections the authority is not
   relying on ("Section 17(1) of the Act provides", "exemption from section 1(1)(a)"). Leave
   out the requester's own words: the request repeated after "You asked:" or "Your request:",
   "Q1:" lines up to the answer (but a "Q1:" line seen a
   second time, under "Our response", is the answer), a "Question" column beside a "Response"
   one, a request quoted inline, and an earlier e-mail quoted under the reply
   ("-----Original Message-----", "From: ... Sent:"); a quoted request whose opening quotation
   mark is not closed in its first paragraph runs on to the closing one. Bare numbers listed
   under "... under the following sections:" (bulleted or numbered), or after a label
   ("Exemption(s) engaged: 31(1)(a) - Law Enforcement; 40(2) - ..."), get their keyword back, and
   a disclosure log's table labels each cell with its column's heading ("Date responded: ...").
2. Citations. A small tokenizer finds a keyword ("section", "s.", "S", "ss", "regulation",
   "reg.", "r.", none at all for an EIR exception written "12(4)(d)" (or "13(1)" after "under")
   in a notice that mentions the EIR, also in brackets after the exception's name, or for
   "under 43(2) of the Act") and parses the list that
   follows: numbers,
   bracketed groups, "and"/","/"&" lists, groups that inherit the previous number ("40(2) & (5)",
   "36(2)(b)(i), (ii)") and run-together siblings ("31(1)(a)(b)" means 31(1)(a) and 31(1)(b));
   a lettered paragraph cited without its subsection gets it back where the section has only
   one lettered subsection ("s27 (b)" is s.27(1)(b), "section 36(b)(ii)" s.36(2)(b)(ii)). The
   Act quoted in part straight under the authority's own citation ("Section 31" over "(1) ...
   (a) ... (c) ...") names the limbs relied on when they are a selection, not the run from (a).
3. Rules. A citation counts only if the catalogue knows it (so procedural sections such as 1, 10,
   17 and 50 fall away) and it is not a subsection that only defines an exemption (s.31(2)'s
   purposes, s.23(3)'s list of bodies, s.36(5)'s qualified person), it does not name another Act
   ("section 24 of the Data Protection Act 2018", "Section 32(2) Local Government Act 1974",
   "s32(2) LGA 1974", and a bare "Section 40" after "section 40 of the Crime and Courts Act
   2013"), and the authority is not saying it did *not*
   rely on it ("we have not applied section 43"). The last word on a provision wins, so an
   exemption dropped at review is dropped; but a review's history of the request ("we responded
   confirming that it was withheld under regulation 12(4)(d)") does not bring back a provision
   the review found against. A FOIA or FOISA refusal on the cost limit in words, naming no
   section ("would exceed the appropriate limit", "would be in excess of £450"), is s.12.
4. Header facts. Reference, date and review window come from labelled lines (an "Our ref:"
   standing alone on its line labels the line after) and a few phrases;
   the regime from what the notice says about the law it applied, never from the reference
   prefix (EIR answers are often labelled "FOI").

Choices worth knowing:

* NCND. A provision is `ncnd` when the notice uses it to neither confirm nor deny: an NCND
  subsection (s.24(2), s.40(5B)(a)(i), s.12(2) ...), FOISA s.18 or EIR reg 12(6) cited in the same
  paragraph (or failing that near it, but not past the answer to another question), a bare section
  in a sentence that says "neither confirm nor deny", or any citation that sentence names as its
  ground ("can neither confirm nor deny ... by virtue of section 31(1)(a)", or a list under "... by
  virtue of the following exemptions:"), or a bare section opening the sentence after one that
  says it ("We do not confirm or deny whether we hold it. Section 31 applies."), or what would
  apply "if the information existed".
* Not relied on. "We have not applied", "does not apply", "was incorrectly applied" (or "applied
  incorrectly"), "but not section 43(2)", "overturned the decision to apply", "no longer
  relied upon", "(formerly section 40(5))", "section 41 was considered, but ... not", a list
  line "Section 22A - considered, not applied", "was wrong to rely on", what "would have been
  withheld under" it or "would then apply" had things been otherwise, "is not needed", a verb
  left out ("section 35(1)(a) was correctly applied, but section 40(2) was not"), a later
  sentence that sets "that exemption" aside (or says "this exception was wrongly engaged" before
  naming the one that replaces it), a review overturning the whole decision without
  naming the section again ("I have therefore decided to release the figures", "I have
  overturned the decision"), and an
  exemption found engaged where "the public interest favours disclosure", or whose information a
  review has now released ("information withheld under section 43(2) has now been released"),
  ("The information withheld has now been released", all of it, drops what the last citing
  sentence named; "the briefing note should now be released" drops what "withheld ... the
  briefing note under section 35(1)(a)" cited), "Neither section 40(2) nor section 41
  applies", a review finding no harm to the interest an exemption is named for ("I am not
  persuaded that disclosure would prejudice anyone's commercial interests" drops s.43 cited
  just before), a list set aside by pronoun ("..., but we are not relying on them"), what the
  response to an earlier request relied on ("your earlier request ..., where we relied on
  section 43(2)"), the requester's own condition ("If answering would go beyond the cost limit
  in section 12, please give me advice ..."),
  and a bare section named only before every subsection of it cited was rejected ("Section 36
  can only be relied on where ... section 36(2)(c) was not correctly applied"); but "section
  40(2) is absolute, therefore the public interest test does not apply" is a reliance: the
  negation must be about the provision, not about the public interest test or the duty ("section
  40(2) is absolute, so we have not applied a public interest test"). FOISA s.18 and EIR reg
  12(6) are flags, not provisions of their own; reg 12(6) on its own is reported as reg
  12(5)(a), the only interest it can protect; reg 12(3), which sends personal data to reg 13,
  is read as reg 13, and reg 5(3), the applicant's own personal data, as itself (outside the
  duty to disclose, not an exception). A provision used both ways in one notice is reported
  once, with `ncnd` true, and so is a subsection relied on beside its section named bare as an
  NCND ground ("Section 44(1)(a) ... If we held any (which we neither confirm nor deny) ...
  Section 44 ..."). "Such as section 43" explains the Act and counts neither way, and so
  does "Section 30(1) states that: ..." quoting a section the notice has already cited (a reply
  under section 30(3)); nor does a statistic ("Section 31 was applied to 96 requests in 2024"),
  nor a negation that limits the scope of an exemption relied on ("we have not applied section
  40(2) to the names of senior staff").
  What the requester argued ("You argued that section 36 should not have been applied") is their
  negation, not the authority's: the provision they dispute is one it relied on.
* Review window. Only a window stated in working days becomes a number. "Two months", "40 days"
  or "six weeks" give None and a warning quoting the notice, because converting them would
  invent a deadline the notice does not state. Under the EIR the requester asks for
  reconsideration by making "representations" (reg 11).
* Date. A labelled line counts ("Date responded:", "Issued:", "Dated", beating "Date:", beating
  a disclosure log's "Published:"; any short label's words are read the same way, also in a line
  of several labels, "Received: ... | Responded: ..."; Welsh month names are known), then a line
  holding nothing but a date, then a date that
  ends a line of the signature block or of the notice's last lines ("J. Smith, 12 March 2024").
  In prose only "Our response is dated ..." counts: other dates in prose are nearly always
  events (receipt, the request, a meeting), and a day and month without a year is a receipt date.
  A month and year alone gives None and a warning.
  Numeric dates are read in UK order unless only US order makes sense (08/29/2025).
* Reference. A labelled one ("Our ref:", "Request ID:" ...) first, then one heading a line, then
  the first FOI-looking one in prose; never one the notice calls earlier, previous, original or
  already answered ("This follows your request ...", "As explained in our response to ...", "...,
  to which we replied"), an ICO case number or a planning application.

A notice in Welsh only ("dan adran 40(2) o'r Ddeddf", "Cyfeirnod:", "o fewn 40 diwrnod gwaith") is
read after its citation words, labels and review window are put into English; a bilingual
notice is read in its English (a letterhead's "Our ref / Ein cyf:" labels its reference).

A page listing several requests, each on a line under its own reference (a disclosure log, a
department's table of requests answered), is read as a whole, with a warning that its
provisions come from all of them.

The reader never raises on text: anything it cannot make sense of is left out, and doubts the
requester should check are returned as `warnings`.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from review_service.domain.calendar import Regime
from review_service.domain.exemptions import (
    CatalogueEntry,
    NcndProvision,
    format_provision,
    is_absolute,
    lookup,
    ncnd_provision,
    provision_parts,
)
from review_service.domain.patterns import LazyPattern, lazy

__all__ = ["MAX_CHARACTERS", "FoundProvision", "NoticeReading", "read_notice"]


@dataclass(frozen=True)
class FoundProvision:
    provision: str  # canonical citation: "s.24(2)", "reg 12(5)(e)"
    section: str  # catalogue entry it falls under: "24", "12(5)(e)", "14(1)"
    title: str
    absolute: bool
    ncnd: bool
    kind: str  # ProvisionKind value

    def to_json(self) -> dict[str, Any]:
        return {
            "provision": self.provision,
            "section": self.section,
            "title": self.title,
            "absolute": self.absolute,
            "ncnd": self.ncnd,
        }


@dataclass(frozen=True)
class NoticeReading:
    reference: str | None
    date: date | None
    regime: Regime
    review_window_working_days: int | None
    provisions: tuple[FoundProvision, ...]
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "date": self.date.isoformat() if self.date else None,
            "regime": self.regime.value,
            "review_window_working_days": self.review_window_working_days,
            "provisions": [found.to_json() for found in self.provisions],
        }


# About 150 pages of text. Reading is linear, but a bound keeps a pasted novel from tying up a
# request; real notices are a few thousand words.
MAX_CHARACTERS = 400_000
# Reading a sentence takes time that grows faster than the number of citations in it: 39,000
# bare citations in one sentence ("s.40(s.40(...", 195,000 characters, well within the limit
# above) took 15 s of processor time, and the public API reads what anyone sends it. Real
# notices cite a dozen provisions or so (the most in the composed fixtures: 12, at most 6 in a
# sentence); past this many the rest of the notice is not read for citations, and it says so.
MAX_CITATIONS = 1_000


def read_notice(text: str) -> NoticeReading:
    warnings: list[str] = []
    if len(text) > MAX_CHARACTERS:
        text = text[:MAX_CHARACTERS]
        warnings.append(
            f"The notice is very long; only its first {MAX_CHARACTERS:,} characters were read."
        )
    blocks = _layout(_welsh_read_in_english(_close_cut_citation(text)))
    regime = _detect_regime(blocks)
    provisions = _find_provisions(blocks, regime, warnings)
    _warn_of_several_requests(blocks, warnings)
    window = _find_review_window(blocks, warnings)
    return NoticeReading(
        reference=_find_reference(blocks),
        date=_find_notice_date(blocks, warnings),
        regime=regime,
        review_window_working_days=window,
        provisions=provisions,
        warnings=tuple(warnings),
    )


# A text saved part-way that stops inside a citation's last bracket ("... exempt from disclosure
# under section 31(1)(g"): the bracket is closed, so the paragraph letter is read.
_CUT_CITATION = lazy(
    r"\b(?:sections?|s\.?|regulations?|reg\.?)\s?[0-9]{1,2}[A-Z]?(?:\s?\(\s?[0-9a-z]{1,4}\s?\))*"
    r"\s?\(\s?(?:[0-9]{1,2}[A-Z]?|[a-z]{1,4})\s*$",
    re.I,
)


def _close_cut_citation(text: str) -> str:
    tail = len(text) - 80
    return text.rstrip() + ")" if _CUT_CITATION.search(text, max(0, tail)) else text


# A disclosure log's page, or a table of a department's requests, lists several requests, each
# on a line of its own under its reference ("DFI/2016-0002", "DFI/2016-0003", ...); what it
# names is read from all of them together. Three references of one series starting lines; a
# refusal that mentions earlier requests ("FOI-2024-311 and FOI-2024-356, which we answered")
# names them in its sentences.
_LOG_ENTRY_REFERENCE = lazy(
    r"^[\s\u2022*-]*(?P<ref>(?P<stem>[A-Z]{2,6})[ /-]?(?P<year>(?:19|20)?[0-9]{2})[ /-][0-9]{2,6})"
    r"(?![\w/-])"
)


def _warn_of_several_requests(blocks: list[_Block], warnings: list[str]) -> None:
    series: dict[tuple[str, str], list[str]] = {}
    for block in blocks:
        for line in block.lines:
            entry = _LOG_ENTRY_REFERENCE.match(line)
            if entry and entry.group("ref") not in series.get((entry["stem"], entry["year"]), []):
                series.setdefault((entry["stem"], entry["year"]), []).append(entry.group("ref"))
    listed = max(series.values(), key=len, default=[])
    if len(listed) >= 3:
        shown = ", ".join(listed[:3]) + (" ..." if len(listed) > 3 else "")
        warnings.append(
            f"The text lists several requests ({shown}); what it names is read from all of "
            "them together, so check which provisions belong to the request under review."
        )


# A notice written in Welsh only (bilingual notices give the English too, and are read in it):
# its citations, labels and review window, in the words of the English notices the reader knows.
_WELSH_CITATION = lazy(r"\b(?:h?adran(?:nau)?|(?:rh|r|nhr)eoliad(?:au)?)\s+[0-9]", re.I)
_ENGLISH_CITATION = lazy(
    r"\b(?:sections?|regulations?|reg\.)\s*[0-9]|\bs\.?\s?[0-9]{1,2}\s?\(", re.I
)
_WELSH_WORDS: tuple[tuple[LazyPattern, str], ...] = (
    (lazy(r"\bDeddf\s+Rhyddid\s+Gwybodaeth(?=\s+2000)", re.I), "Freedom of Information Act"),
    (
        lazy(r"\bRheoliadau\s+Gwybodaeth\s+Amgylcheddol(?=\s+2004)", re.I),
        "Environmental Information Regulations",
    ),
    (lazy(r"\bo'r\s+Ddeddf\b", re.I), "of the Act"),
    (lazy(r"\b(?:h?adrannau)\b", re.I), "sections"),
    (lazy(r"\bh?adran\b", re.I), "section"),
    (lazy(r"\b(?:rh|r|nhr)eoliadau\b", re.I), "regulations"),
    (lazy(r"\b(?:rh|r|nhr)eoliad\b", re.I), "regulation"),
    (lazy(r"\b(?:na\s+)?(?:ch|g|c)adarnhau\s+na\s+(?:g?wadu)\b", re.I), "neither confirm nor deny"),
    (
        lazy(r"\bnid\s+ydym\s+(?:wedi|yn)\s+(?:dibynnu\s+ar|defnyddio|cymhwyso)\b", re.I),
        "we have not relied on",
    ),
    (lazy(r"\bEich\s+cyf(?:eirnod)?\b\.?", re.I), "Your ref"),
    # not "Cyf" for Cyfyngedig ("Dŵr Cymru Cyf", Ltd): only a labelled "Cyf:"
    (lazy(r"\b(?:Ein\s+cyf(?:eirnod)?\b\.?|cyfeirnod\b|cyf\b\.?(?=\s*:))", re.I), "Our ref"),
    (lazy(r"\bo\s+fewn\s+([0-9]{1,3})\s+diwrnod\s+gwaith\b", re.I), r"within \1 working days"),
    (lazy(r"\badolygiad(?:\s+mewnol)?\b", re.I), "internal review"),
)


def _welsh_read_in_english(text: str) -> str:
    if not _WELSH_CITATION.search(text) or _ENGLISH_CITATION.search(text):
        return text
    for pattern, english in _WELSH_WORDS:
        text = pattern.sub(english, text)
    return text


# === 1. Layout =================================================================================

_CHARACTERS = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
        # ligatures left by PDF text extraction: "neither con\ufb01rm nor deny"
        "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    }
)  # fmt: skip
_MD_HEADING = lazy(r"^#{1,6}\s*")
_MD_LINK = lazy(r"\[([^\]\n]{0,300})\]\([^)\s]{0,500}\)")
_MD_ESCAPE = lazy(r"\\([\\`*_{}\[\]()#+.!|>~-])")
# Bullets, including the middle dot, squares, arrows and ticks, and the private-use characters
# that symbol-font bullets become when text is copied out of a PDF ("\uf0b7 40(2)").
_BULLET = lazy(
    r"^(?:[-*+\u00b7\u2022\u2023\u2043\u2192\u21d2\u25a0\u25a1\u25aa\u25b6\u25b8\u25ba\u25c6"
    r"\u25c7\u25cf\u25e6\u2713\u2714\u2756\u2794-\u27bf\uf076\uf0a7\uf0b7\uf0d8\uf0fc]|o)\s+|^[\u00b7\u2022\uf0a7\uf0b7](?=[0-9])"
)
# What a PDF repeats on every page: page numbers ("Page 2 of 3", "- 2 -", "2 | Page"), a running
# header or footer that carries one ("FOI-2024-0277    Page 1 of 2"), protective markings.
_PAGE_FURNITURE = lazy(
    r"^(?:page\s+[0-9]{1,3}(?:\s+of\s+[0-9]{1,3})?|[0-9]{1,3}\s+of\s+[0-9]{1,3}|-\s?[0-9]{1,3}\s?-"
    r"|[0-9]{1,3}\s?\|\s?p\s?a\s?g\s?e|page\s?\|\s?[0-9]{1,3}"
    r"|(?:not\s+protectively\s+marked|unclassified|official(?:\s?-\s?(?:sensitive|for\s+public"
    r"\s+release))?)"
    r"|page\s+[0-9]{1,3}\s+of\s+[0-9]{1,3}\s.{0,100}|.{0,100}\spage\s+[0-9]{1,3}\s+of\s+[0-9]{1,3})$",
    re.I,
)
_PAGE_NUMBER_TAIL = lazy(r"\s+page\s+[0-9]{1,3}\s+of\s+[0-9]{1,3}$", re.I)
_TABLE_SEPARATOR = lazy(r"^[\s|:+-]*$")
# A table column or a labelled line that lists bare numbers ("| 40(2) |", "Exemptions: 43(2)"):
# the number is given a keyword so the ordinary citation scanner can read it.
_CITATION_COLUMN = lazy(r"exemption|exception|section|provision|regulation", re.I)
_BARE_LIST_LABEL = lazy(
    r"^((?:(?:exemptions?|exceptions?)(?:\s*\(s\))?"
    r"(?:\s+(?:applied|used|relied\s+(?:up)?on|cited|claimed|engaged|invoked))?"
    r"|(?:sections?|regulations?)(?:\s*\(s\))?\s+(?:applied|used|relied\s+(?:up)?on|cited|claimed"
    r"|engaged|invoked))"
    r"\s*[:-]\s*)(?=[0-9])",
    re.I,
)
# In a sentence: "The exemptions that apply are: 31(1)(a), 31(1)(b) and 40(2) of the Act".
_BARE_LIST_VERB = lazy(
    r"\b(?P<label>(?P<word>exemptions?|exceptions?)\s+(?:that\s+|which\s+)?(?:(?:we\s+have\s+|have\s+been\s+)"
    r"?(?:apply|applies|applied|used|relied\s+(?:up)?on|cited|claimed|engaged))\s+(?:are|is|were|was)"
    r"\s*:?\s*)(?=[0-9]{1,2}[A-Z]?\s?\()",
    re.I,
)


# The next item of such a labelled list, after a title: "Exemption(s) engaged: 31(1)(a) - Law
# Enforcement; 40(2) - Personal Information".
# Joined by "and" too: "Exemptions applied: 43(2) FOIA and 40(2) FOIA".
_NEXT_BARE_ITEM = lazy(r"([;,]|\s(?:and|&))\s*(?=[0-9]{1,2}[A-Z]?\s?\()")


def _labelled_bare_list(line: str) -> str:
    label = _BARE_LIST_LABEL.match(line)
    if label is None:
        return line
    rest = _NEXT_BARE_ITEM.sub(r"\1 section ", line[label.end() :])
    return label.group(1) + "section " + rest


# In a sentence, a list of two or more bare FOIA section numbers straight after "exemptions":
# "withheld ... subject to the applicability of exemptions 31, 33, 41 and 43". Only numbers of
# the Act's exemptions (21 to 44) count, so "exemptions 1 and 2 above" stays a numbering.
_BARE_EXEMPTIONS_LIST = lazy(
    r"\b(?P<label>exemptions\s+)(?=(?:2[1-9]|3[0-9]|4[0-4])(?:\s*,\s*(?:2[1-9]|3[0-9]|4[0-4]))*"
    r"\s*,?\s*(?:and|&)\s*(?:2[1-9]|3[0-9]|4[0-4])(?![0-9(]))",
    re.I,
)


def _bare_list_verb_keyword(match: re.Match[str]) -> str:
    keyword = "regulation " if match.group("word").lower().startswith("exception") else "section "
    return match.group("label") + keyword


# A bare provision number starting a line: "40(2)", "43", "41, 43", "30(1)(a) - Investigations",
# "13 - personal data".
_STARTS_WITH_NUMBER = lazy(r"^[0-9]{1,2}[A-Z]?(?:\s?\(|\s*$|\s*[,&]|\s+and\s|\s*[-:]\s*[A-Za-z])")
# An item of a list of bare provision numbers may be numbered itself: "1. 12(4)(d) - ...".
_ITEM_NUMBER = lazy(r"^(?:[0-9]{1,2}[.)]|\(?[a-z]\)|[ivx]{1,4}[.)])\s+(?=[0-9])", re.I)
# A line that introduces a list of bare provision numbers: "We rely on the following sections:",
# "Exemptions applied:", "... exempt under sections", "... an exemption under sections;". The next
# lines that start with a number are provisions ("40(2)", "- 43(2) Commercial interests").
_LIST_INTRO = lazy(
    r"\b(?P<word>sections?|exemptions?|exceptions?|regulations?|provisions?)"
    r"(?:\s*\([^()]{0,40}\))?"
    r"(?:\s+(?:of|under|in)\s+(?:the\s+)?(?:[A-Z(][\w()]*\s+){0,8}?"
    r"(?:act|regulations|foia|eirs?|fois?a)(?:\s+[0-9]{4})?(?:\s*\([A-Za-z ]{2,20}\))?)?"
    r"(?:\s+(?:apply|applies|applied|were\s+applied|have\s+been\s+applied|are\s+engaged"
    r"|engaged|invoked|claimed|relied\s+(?:up)?on|cited|used))?"
    # "..., as explained below:"
    # "The exemptions applied are listed below."
    r"(?:,?\s+(?:as|which\s+are|are)\s+(?:explained|set\s+out|described|detailed|listed|shown"
    r"|given)\s+below\s*[:.]?\s*$|\s*[:;-]?$)"
    # "The draft business case is withheld under:" (the colon is needed: no keyword is named)
    r"|\b(?:withheld|withholding|exempt|redacted|refused|excepted)(?:\s+from\s+disclosure)?\s+"
    r"(?:under|by\s+virtue\s+of|in\s+accordance\s+with|using|pursuant\s+to)"
    r"(?:\s+the\s+following)?\s*:$",
    re.I,
)
# Under such an intro, an EIR exception keeps its own keyword: "12(5)(e)", "13".
_EIR_ITEM = lazy(r"^(?:12\s?\([45]\)|13\b)")
# A list item numbered "1.", "2)", "a)", "(a)", "Q1", "i."
_NUMBERED = lazy(r"^(?:[0-9]{1,2}[.)]\s?|\(?[a-z]\)\s|[ivx]{1,4}[.)]\s|Q[0-9]{1,2}\b)", re.I)

# --- The requester's own words -----------------------------------------------------------------
# Notices repeat the request ("You asked:", "Your request:", "Question 1 ... Answer"), and a
# request may itself name exemptions ("why did you rely on section 43 last time?"). Those words
# are the requester's, so they are left out of everything the reader looks for.
_QUESTION_COLUMN = lazy(
    r"^(?:(?:your\s+)?(?:question|request|query|q)s?(?:\s+(?:text|details|asked|made))?"
    r"|information\s+requested|(?:what\s+)?you\s+asked(?:\s+for)?)\s*(?:no\.?|number)?\s*$",
    re.I,
)
_ANSWER_COLUMN = lazy(r"^(?:our\s+|the\s+)?(?:response|reply|answer|a)s?\b", re.I)
# A line that introduces the request: ends with a colon and says the requester asked.
_REQUEST_INTRO = lazy(
    r"(?:\b(?:you|your)\b[^:]{0,100}?\b(?:ask|request|wrote|writ|seek|sought|enquir|question|said"
    r"|stat)\w*|\bthe\s+(?:original\s+)?request\s+(?:read|was|stated|said))"
    r"[^:]{0,80}$",
    re.I,
)
# An introduction ending with a full stop: "You asked for the following information."
_FOLLOWS = lazy(
    r"\b(?:the\s+following(?:\s+(?:information|questions?|details))?|as\s+follows)$", re.I
)
_NOT_A_REQUEST_INTRO = lazy(
    r"\b(?:response|reply|answer|decision|exemptions?|exceptions?|sections?|regulations?"
    r"|outcome|we|our|below\s+is\s+the\s+information)\b",
    re.I,
)
_REQUEST_HEADING = lazy(
    r"^(?:(?:your|the|original|my|initial|full|text\s+of\s+(?:the|your))\s+){0,3}"
    r"(?:(?:information|foi|eir|foisa)\s+)?(?:request|requests|question|questions|query)"
    r"(?:\s+(?:details|text|wording|made|received))?(?:\s+[0-9]{1,2})?\s*:?$"
    r"|^(?:information|details)\s+requested\s*:?$|^you\s+asked\s*:?$",
    re.I,
)
# A line that is itself the request: "Request: ...", "You asked: ...", "Q1: ...". Not a line that
# labels the request's reference ("Request: FOI 24 0219 | Received: ...").
_REQUEST_LINE = lazy(
    r"^(?:(?:your\s+)?(?:original\s+)?(?:request|question)\s*[0-9]{0,2}\s*:|you\s+asked\s*:"
    r"|q(?:uestion)?\s*[0-9]{1,2}\s*[:.)-]|q\s*:)(?!\s*(?:[A-Z]{2,10}[ /-]?){0,2}[0-9][\w/-]*"
    r"(?:\s[0-9]{2,8}){0,2}\s*(?:$|\|))\s*\S",
    re.I,
)
# Where the authority's words start again.
_ANSWER_LINE = lazy(
    r"^(?:(?:our|the\s+\w+'?s?)\s+)?(?:response|reply|answer|a)\s*[0-9]{0,2}\s*[:.)-]", re.I
)
_ANSWER_HEADING = lazy(
    r"^(?:(?:our|the|council|trust|force|department|university|board|authority)'?s?\s+){0,2}"
    r"(?:response|responses|reply|answer|answers|decision|outcome|searches|result|conclusion"
    r"|refusal|information\s+(?:released|disclosed|provided|held|not\s+held)|exemptions?"
    r"|exceptions?|public\s+interest|reasons?|advice\s+and\s+assistance|section\s+[0-9]"
    r"|regulation\s+[0-9]|review|internal\s+review|complaints?|your\s+right)\b",
    re.I,
)
_AUTHORITY_VOICE = lazy(
    r"^(?:we\b|our\b|i\s+(?:can|have|am\s+(?:writing|able|unable|sorry|afraid|pleased)|write\s+to"
    r"\s+(?:confirm|inform|advise|let)|will|would\s+like\s+to\s+(?:thank|inform|advise)|note\b|"
    r"confirm|enclose|attach)|thank\s+you|please\s+(?:find|see|note|be\s+aware|accept)"
    r"|in\s+response|the\s+(?:council|trust|force|department|university|authority|board|service"
    r"|ministry|office|college|police|mps|agency|executive|commission|information\s+(?:you|is|has"
    r"|requested))\b|this\s+(?:letter|response|information|is\s+a|request\s+has)"
    r"|unfortunately|having|following\s+(?:a|our|careful)|after\s+(?:careful|consider)"
    r"|(?:under|by\s+virtue\s+of)\s+(?:section|regulation)|(?:section|regulation|s\.)\s?[0-9]"
    r"|some\s+of|all\s+of|a\s+copy\s+of\s+the|attached|enclosed|yes\b|no\b)",
    re.I,
)
_REQUESTER_VOICE = lazy(
    r"^(?:[\"'(]|(?:please\s+(?:provide|send|supply|give|tell|confirm|disclose|state|list|include"
    r"|could|can|advise|let|also)|i\s+(?:would|'d|am\s+(?:asking|requesting|writing\s+to"
    r"\s+(?:request|ask))|write\s+to\s+request|request|want|wish|should|was|wanted|hereby)"
    r"|could\s+you|can\s+you|would\s+you|how|what|which|when|where|who|whom|whose|why|does|do"
    r"|did|is|are|was|were|has|have|had|will|specifically|in\s+particular|for\s+each|for\s+the"
    r"|under\s+the\s+(?:freedom|foi|environmental)|this\s+is\s+a\s+request|dear\b"
    r"|many\s+thanks|thank\s+you\s+in\s+advance|yours|kind\s+regards|regards)\b)",
    re.I,
)
# An inline quotation of the request: 'You asked: "..."', 'your request for "..."'.
_QUOTED_REQUEST = lazy(
    r"\b(?:you\s+(?:asked|requested|wrote|said|stated|sought|enquired|argued|complained)"
    r"|your\s+(?:request|question|email|letter|complaint)\s+(?:for|was|read|stated|said|asked"
    r"|about)|asking)\b[^\"]{0,40}"
    # closed by a closing mark, after the last word and not before the next: the opening mark of
    # a later quotation ('your request for the period ..., "any and all correspondence ... We
    # consider ... exempt under Section 38 1(b) ... asking for "any ...') does not close it
    r"(?P<quote>\"[^\"]{1,3000}(?<!\s)\")(?![^\W_])",
    re.I,
)

_ANNEX_HEADING = lazy(
    r"^(?P<legal>(?:legal|statutory)\s+)?(?:annexe?|appendix)(?:\s+(?:[A-Z]|[0-9]{1,2}|[IVX]{1,4}))?"
    r"\s*(?:[-:.]\s*)?(?P<rest>.*)$",
    re.I,
)
_ANNEX_SUBJECT = lazy(
    r"legal|legislation|\blaw\b|statut|exemption|exception|provision|\bthe act\b|regulations"
    r"|relevant\s+(?:legislation|law|provisions|sections|extracts)"
    r"|\bsections?\s+(?:[0-9]|of\s+the\s+(?:act|regulations))|extracts?\s+(?:of|from)",
    re.I,
)
# A sentence about an annex, not its heading: "Annex A lists the documents we hold and the
# exemption applied to each."
_ANNEX_SENTENCE = lazy(
    r"^(?:annexe?|appendix)(?:\s+(?:[A-Z]|[0-9]{1,2}|[IVX]{1,4}))?\s+(?:(?:to|of)\s+this\s+"
    r"(?:letter|response|notice)\s+)?(?:sets?\s+out|lists?|contains?|shows?|gives?|explains?"
    r"|provides?|includes?|describes?|summari[sz]es?|details|outlines?|is|are|has|have|will|was"
    r"|were|below|above|attached|enclosed)\b",
    re.I,
)
# ... or the authority's own reasons, which the Act never gives: "The Council has weighed the
# public interest ... and concludes that the balance favours withholding the report".
_DECIDES = lazy(
    r"\b(?:we|I|the\s+(?:council|trust|force|department|university|board|authority|college"
    r"|agency|ministry|service|company|office|commission|executive))\s+(?:(?:has|have|had)\s+)?"
    r"(?:therefore\s+|also\s+|now\s+)?(?:weighed|concludes?|concluded|decided|considers|consider"
    r"|considered\s+that|is\s+(?:satisfied|withholding|relying)|are\s+(?:satisfied|withholding"
    r"|relying)|withh[oe]ld|relies|relied)\b"
    r"|\b(?:balance|public\s+interest)\s+(?:therefore\s+)?(?:favours|lies\s+in)\s+(?:withholding"
    r"|maintaining)"
    # the authority weighing the public interest, which the Act never does: "Factors in favour
    # of maintaining the exception", "Arguments favouring non-disclosure"
    r"|\b(?:public\s+interest\s+)?(?:factors|arguments|considerations)\s+(?:in\s+favour\s+of|favouring"
    r"|supporting|against|for)\s+(?:maintaining|withholding|non-?\s?disclosure|disclosure"
    r"|disclosing|release|releasing)\b",
    re.I,
)
# What a bare "Annex A" introduces, judged by the next paragraphs: the Act, or data.
_LEGAL_CONTENT = lazy(
    r"\b(?:provides|Act|Regulations)\b|^\s*(?:section|s\.|regulation)\s*[0-9]", re.I
)
_LEGISLATION_HEADING = lazy(
    r"^(?:(?:relevant|applicable)\s+(?:legislation|law|provisions|sections|statutory\s+provisions)"
    r"|(?:the\s+)?legislation(?:\s+(?:referred\s+to|applied|cited))?"
    r"|(?:text|extracts?)\s+(?:of|from)\s+the\s+(?:act|legislation|regulations))\s*:?$",
    re.I,
)
# Verbatim legislation: introduced by "provides:", enumerated "(1)"/"(a)", or in its own words.
_INTRODUCES_QUOTE = lazy(
    r"(?:provides|states|says|reads|stipulates|as\s+follows)(?:\s+that)?\s*:\s*$", re.I
)
# "... as follows:" after the authority's own decision is not the Act's words but its reasons:
# "Other emails are exempt from disclosure as follows:" (the paragraphs below rely on sections).
_DECIDES_AS_FOLLOWS = lazy(
    r"\b(?:exempt(?:ed)?|withh[oe]ld\w*|refus\w*|redact\w*|appl(?:y|ies|ied)|rel(?:y|ies|ied)"
    r"|we|our|us|(?-i:I))\b[^:]*(?<!provides)(?<!states)(?<!says)(?<!reads)(?<!stipulates)"
    r"\s+as\s+follows\s*:\s*$",
    re.I,
)
_STATUTE_WORDS = lazy(
    r"exempt\s+information\s+(?:if|by\s+virtue)|"
    r"duty\s+to\s+confirm\s+or\s+deny\s+does\s+not\s+arise|"
    r"for\s+the\s+purposes\s+of\s+this\s+(?:section|act|regulation)|in\s+this\s+section|"
    r"a\s+public\s+authority\s+(?:which|may\s+refuse|shall)|these\s+regulations|"
    r"subsection\s+\([0-9]|paragraph\s+\([0-9]",
    re.I,
)
# The opening words of s.31(1), quoted in a notice's own paragraph ("(i) Information which is not
# exempt information by virtue of section 30 is exempt information if ..."): the section they
# name is the statute's carve-out, neither a reliance nor a refusal to rely on it.
_CARVE_OUT = lazy(
    r"\binformation\s+which\s+is\s+not\s+exempt\s+information\s+by\s+virtue\s+of\s+sections?\s*"
    r"[0-9]{1,2}[A-Z]?(?:\s?\([0-9A-Za-z]{1,4}\))*(?=\s+is\s+exempt\s+information)",
    re.I,
)
_ENUMERATED = lazy(r'^\s*(?:"|\'|\(\s*(?:[0-9]{1,2}[A-Z]?|[a-z]{1,2}|iii|vii|viii)\s*\))')
_QUOTED_SPAN = lazy(r'"[^"]{60,3000}"')
# Someone else's words quoted after a colon ("The ICO guidance states: '...'", "there is a police
# example: '... would be exempt under section 30 ...'"), in single or double quotation marks,
# closed after a full stop or an ellipsis: guidance or case law explained, not a reliance.
_INTRODUCED_SPAN = lazy(
    r"\b(?:states|says|reads|provides|explains|advises|notes|example)\s*:\s*"
    r"(?P<quote>['\u2018\"\u201c](?=[^\s'\"])(?:[^\n]|\n(?!\n)){20,3000}?"
    r"[.?!\u2026)]\s*['\u2019\"\u201d])(?=\s|$)",
    re.I,
)
# A paragraph cut before a number: "under sections 43(2) and" / (page break) / "41(1) of the Act".
_DANGLING_KEYWORD = lazy(
    r"(?:\bsections?|\bs\.|\bregulations?|\breg\.?|\band|\bor|&|,|\bunder|\bvirtue\s+of)$", re.I
)


@dataclass
class _Block:
    index: int
    lines: list[str]
    text: str = ""
    quoted: bool = False  # verbatim legislation
    annex: bool = False
    blockquote: bool = False


# Subsections named in words: "section 31 of the Act, subsections (1)(a) and (b)", "section 40,
# sub-section 2", "subsection (2) of section 40", "Section 33 Commercial interests which says at
# sub-section (1)(b)". Rewritten to the bracketed form the citation
# scanner reads ("section 31(1)(a) and (b)"); another Act's sections keep their words.
_OUR_ACT = r"(?:the\s+)?(?:act|foia|fois?a|freedom\s+of\s+information(?:\s+\(scotland\))?\s+act)"
_SUBSECTION_AFTER = lazy(
    r"\b(?P<keyword>sections?|s\.)\s?(?P<number>[0-9]{1,2}[A-Z]?)"
    r"(?:\s+of\s+" + _OUR_ACT + r"(?:\s+[0-9]{4})?)?"
    # "Section 33 Commercial interests and the economy which says at sub-section (1) (b)"
    # (the title's words, never another Act's name: "section 59 of the Roads Act which says ...")
    r"(?:(?:\s+(?!(?:of|Act|Acts|Regulations|Order)\b)[A-Za-z]+){1,8}?\s+which\s+(?:says|provides"
    r"|states|reads)\s+(?:at|in)\s+)?"
    r"\s*,?\s*sub-?\s?sections?\s?"
    r"(?:\(\s?(?P<bracketed>[0-9]{1,2}[A-Z]?)\s?\)|(?P<plain>[0-9]{1,2}[A-Z]?)\b)",
    re.I,
)
_SUBSECTION_BEFORE = lazy(
    r"\bsub-?\s?sections?\s?(?P<groups>\(\s?[0-9]{1,2}[A-Z]?\s?\)(?:\s?\(\s?[a-z]{1,4}\s?\)){0,3})"
    r"\s+of\s+section\s+(?P<number>[0-9]{1,2}[A-Z]?)\b",
    re.I,
)


# "section 33 1(b) of FOISA": the subsection typed without its brackets, between the section and
# its lettered paragraph; only with a paragraph after it, so "section 40 2 times" is left alone.
_SUBSECTION_UNBRACKETED = lazy(
    r"\b(?P<head>(?:sections?|s\.)\s?[0-9]{1,2}[A-Z]?)\s(?P<subsection>[0-9]{1,2})"
    r"(?=\s?\((?:[a-h]|iii|ii|iv|i)\))",
    re.I,
)


# "Regulation 12(5(b)": the subsection's closing bracket dropped before the paragraph's.
_SUBSECTION_UNCLOSED = lazy(
    r"(?<=[0-9])\((?P<subsection>[0-9]{1,2}[A-Z]?)\((?=(?:[a-h]|iii|ii|iv|i)\))"
)


def _subsections_in_brackets(line: str) -> str:
    line = _SUBSECTION_UNBRACKETED.sub(r"\g<head>(\g<subsection>)", line)
    line = _SUBSECTION_UNCLOSED.sub(r"(\g<subsection>)(", line)
    if "sub" not in line.lower():
        return line
    line = _SUBSECTION_BEFORE.sub(
        lambda found: f"section {found.group('number')}{found.group('groups')}", line
    )
    return _SUBSECTION_AFTER.sub(
        lambda found: (
            f"{found.group('keyword')} {found.group('number')}"
            f"({found.group('bracketed') or found.group('plain')})"
        ),
        line,
    )


def _clean_line(raw: str) -> tuple[str, bool, bool]:
    """(text, blockquote, listed): markdown and bullets removed; whether it was a list item."""
    line = raw.translate(_CHARACTERS).strip()
    blockquote = line.startswith(">")
    line = line.lstrip("> ").strip() if blockquote else line
    line = _MD_HEADING.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    line = line.replace("**", "").replace("__", "")
    bulleted = _BULLET.match(line)
    line = _BULLET.sub("", line)
    line = line.replace("*", "")
    listed = bool(bulleted) or bool(_NUMBERED.match(line))
    return _subsections_in_brackets(" ".join(line.split())), blockquote, listed


def _table_line(line: str, columns: _Columns | None) -> tuple[str, _Columns]:
    """Flatten a markdown table row to "a: b" or "a | b | c"; keep track of the columns.

    `columns` is None for a table's first row, whose headings say which columns hold
    exemptions ("Exemption applied", "Section") and which the requester's questions ("Request"
    beside "Response"): those are the requester's words, not the authority's.
    """
    cells = [_clean_line(cell)[0] for cell in line.strip().strip("|").split("|")]
    if columns is None:
        citations = {i for i, cell in enumerate(cells) if _CITATION_COLUMN.search(cell)}
        asked = {i for i, cell in enumerate(cells) if _QUESTION_COLUMN.match(cell)}
        answered = any(_ANSWER_COLUMN.match(cell) for cell in cells)
        labels = (
            {i: cell for i, cell in enumerate(cells) if _LABEL_COLUMN.match(cell)}
            if len(cells) >= 3
            else {}
        )
        columns = _Columns(citations, asked if answered else set(), labels)
    else:
        for i in columns.citations:
            if i < len(cells) and _STARTS_WITH_NUMBER.match(cells[i]):
                cells[i] = "section " + cells[i]
        for i in columns.questions:
            if i < len(cells):
                cells[i] = ""
        for i, label in columns.labels.items():
            if i < len(cells) and cells[i]:
                cells[i] = f"{label}: {cells[i]}"  # "Date responded: 01/07/2024"
        cells = [cell for cell in cells if cell] or [""]
    if len(cells) == 1:
        return cells[0], columns
    joined = f"{cells[0]}: {cells[1]}" if len(cells) == 2 else " | ".join(cells)
    return joined, columns


@dataclass
class _Columns:
    citations: set[int]
    questions: set[int]
    labels: dict[int, str] = field(default_factory=dict)  # dates and references, by heading


# A column of a table of several (a disclosure log's) headed by what its cells are: a date or
# the request's reference. Each cell is given its heading as a label ("Date responded: ...").
_LABEL_COLUMN = lazy(
    r"^(?:[^\W\d_]{2,14}\s){0,3}(?:date|dated|received|responded|issued|published|closed)"
    r"(?:\s[^\W\d_]{2,14}){0,3}$"
    r"|^(?:(?:foi|eir|our|request|case)\s+)?(?:reference|ref)\.?(?:\s+(?:no|number)\.?)?$"
    r"|^request\s+(?:id|no\.?|number)$",
    re.I,
)


@dataclass
class _Line:
    text: str
    blockquote: bool = False
    listed: bool = False


def _bare_list_keyword(line: str) -> str | None:
    """The keyword to give bare numbers listed under this line ("... under sections:")."""
    intro = _LIST_INTRO.search(line)
    if intro is None:
        return None
    word = (intro.group("word") or "").lower()
    if not word:
        return ""  # a verb named no keyword: each item gets its own (_listed_keyword)
    return "regulation " if word.startswith(("regulation", "exception")) else "section "


def _listed_keyword(keyword: str, item: str) -> str:
    if keyword:
        return keyword
    return "regulation " if _EIR_ITEM.match(item) else "section "


_QUOTED_MAIL = lazy(
    r"^\s*(?:>\s*)?(?:-{2,}\s*(?:original\s+message|forwarded\s+message)\s*-{2,}"
    r"|on\s.{4,160}\swrote:|from:\s*\S.*)\s*$",
    re.I,
)
_LETTER_LINE = lazy(
    r"^(?:\*\*)?(?:dear\s|yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm)\s+regards|regards\b"
    r"|hello\b|hi\s|good\s+(?:morning|afternoon)\b|(?:many\s+)?thanks\b)",
    re.I,
)
_MAIL_HEADER = lazy(r"^\s*(?:>\s*)?(?:\*\*)?(?:sent|date|to|subject)(?:\*\*)?:", re.I)


def _quoted_mail_starts(lines: list[str], number: int) -> bool:
    """Whether an earlier e-mail, quoted under the reply, starts at this line."""
    line = lines[number]
    if len(line) > 300 or not _QUOTED_MAIL.match(line):
        return False
    if not line.lstrip("> ").lower().startswith("from:"):
        return True
    return any(_MAIL_HEADER.match(later) for later in lines[number + 1 : number + 5])


# The requester's own letter to the authority, above its reply or quoted in it. WhatDoTheyKnow
# addresses every request to the organisation ("Dear Redbarrow Borough Council,") and opens every
# request for a review with the same words ("Please pass this on to the person who conducts
# Freedom of Information reviews.", "I am writing to request an internal review of ...'s handling
# of my FOI request"). What such a letter says the authority relied on ("The University relies
# heavily on the Section 41 exemption", "If your organisation is considering ... relying on
# section 41 ... please note ...") is the requester's word, not a reliance. A letter addressed to
# an organisation ("Dear HM Revenue and Customs,", "Dear Her Majesty's Treasury,") counts only
# when a reply to a person follows its sign-off (an authority may write to a company or a
# newspaper); a review request runs to its sign-off, to the reply's own
# "Dear ...", or, quoted, to its closing quotation mark (or to the end of what was pasted).
_SALUTATION = lazy(r"^(?:>\s*)?[\"']?dear\s+(?P<name>[^:;!?]{1,140}?)\s*,?\s*$", re.I)
_TO_A_PERSON = lazy(
    r"^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|dame|lord|lady|councillor|cllr|rev)\b", re.I
)
_ORGANISATION_WORD = lazy(
    r"\b(?:council|trust|university|college|nhs|ministry|department|agency|authority|board"
    r"|commission|police|constabulary|executive|government|borough|office|inspectorate"
    r"|regulator|treasury|revenue|customs|registry|archives|ombudsman|services?|rescue|museum"
    r"|institute|corporation|library|parliament|assembly)\b",
    re.I,
)
_REVIEW_REQUEST_OPENING = lazy(
    r"^(?:>\s*)?[\"']?(?:please\s+pass\s+this\s+on\s+to\s+the\s+person\s+who\s+conducts"
    r"|i\s+am\s+writing\s+to\s+request\s+an\s+internal\s+review\s+of\b)",
    re.I,
)
_SIGN_OFF = lazy(
    r"^(?:>\s*)?(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm)\s+regards|regards"
    r"|many\s+thanks)\b[,.]?\s*$",
    re.I,
)
_OPENING_QUOTE = lazy(r"(?:^|(?<=[\s(\[]))\"(?=\S)")
_CLOSING_QUOTE = lazy(r"(?<=\S)\"(?=[\s).,;:!?\]]|$)")


def _addressed_to(line: str) -> str | None:
    """'organisation' or 'person' for a salutation line, None for any other line."""
    salutation = _SALUTATION.match(line.strip())
    if salutation is None:
        return None
    name = salutation.group("name")
    if _TO_A_PERSON.match(name) or not _ORGANISATION_WORD.search(name):
        return "person"
    return "organisation"


def _letter_end(lines: list[str], start: int, quoted: bool) -> int:
    """The line after the requester's letter that starts at `start`."""
    depth = 0
    for number in range(start, len(lines)):
        line = lines[number].strip()
        if number > start and _addressed_to(line) is not None:
            return number  # the reply's own "Dear ..."
        if quoted:
            depth += len(_OPENING_QUOTE.findall(line)) - len(_CLOSING_QUOTE.findall(line))
            if depth <= 0:
                return number + 1
        if _SIGN_OFF.match(line):
            following = number + 1
            while following < len(lines) and not lines[following].strip():
                following += 1
            name = lines[following].strip() if following < len(lines) else ""
            if _SIGN_OFF.match(name):
                continue  # "Many thanks." above "Yours faithfully,": the letter ends at the last
            if name and len(name) <= 40 and _addressed_to(name) is None and name[-1:] not in ".:":
                return following + 1  # the requester's name under "Yours faithfully,"
            return number + 1
    return len(lines)


def _reply_follows(lines: list[str], end: int) -> bool:
    """Whether a reply to a person starts after the letter that ends before line `end`: below
    at most two short lines naming who replies ("Department for Education", as WhatDoTheyKnow
    shows each message's sender)."""
    sender = 0
    for line in lines[end:]:
        line = line.strip()
        if not line:
            continue
        addressed = _addressed_to(line)
        if addressed is not None:
            return addressed == "person"
        sender += 1
        if sender > 2 or len(line) > 60 or line[-1:] in ".:;!?":
            return False
    return False


def _opens_letter(lines: list[str], number: int) -> bool:
    """Whether a line starts a letter: nothing above it, or only the salutation. (The same words
    further down an authority's reply, unquoted, are left to the request's introduction.)"""
    above = [line.strip() for line in lines[:number] if line.strip()]
    return not above or _addressed_to(above[-1]) is not None


def _requester_letters(lines: list[str]) -> set[int]:
    """The numbers of the lines that are the requester's own letter (see _SALUTATION)."""
    dropped: set[int] = set()
    number = 0
    while number < len(lines):
        line = lines[number].strip()
        quoted = line.lstrip("> ").startswith('"')
        if _REVIEW_REQUEST_OPENING.match(line) and (quoted or _opens_letter(lines, number)):
            end = _letter_end(lines, number, quoted=quoted)
        elif _addressed_to(line) == "organisation":
            end = _letter_end(lines, number, quoted=False)
            if not _reply_follows(lines, end):
                number += 1  # no reply follows: the letter may be the authority's own
                continue
        else:
            number += 1
            continue
        if not dropped:
            dropped.update(_page_title(lines, number))
        dropped.update(range(number, end))
        number = max(end, number + 1)
    return dropped


# A WhatDoTheyKnow page opens with the request's title and its status above the first letter
# ("Totals for section 40(1) exemptions in 2016" / "The request was successful."): the title is
# the requester's words too.
_REQUEST_STATUS = lazy(
    r"^(?:the\s+request\s+(?:was|is|has\s+been)\b|.{1,120}\bmade\s+this\s+(?:freedom\s+of"
    r"\s+information|foi|eir)\s+request\s+to\b|response\s+to\s+this\s+request\s+is\b"
    r"|awaiting\s+(?:response|classification|clarification)\b)",
    re.I,
)


def _page_title(lines: list[str], letter: int) -> range:
    """The lines above the page's first requester's letter, when they are only the request's
    title and WhatDoTheyKnow's status line (at most four lines, no salutation among them)."""
    above = [line.strip() for line in lines[:letter] if line.strip()]
    if (
        len(above) > 4
        or any(_addressed_to(line) is not None or len(line) > 240 for line in above)
        or not any(_REQUEST_STATUS.match(line) for line in above)
    ):
        return range(0)
    return range(0, letter)


# Disclosure-log pages copied with their markup: block elements end lines, table cells become
# "|" columns, every other tag goes, and entities ("&amp;", "&middot;") are decoded.
_HTML_LINE_BREAK = frozenset(
    ("br", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "thead",
     "tbody", "tfoot", "blockquote", "section", "article", "header", "footer", "main", "nav", "dt",
     "dd", "dl", "hr", "pre", "caption", "title", "html", "body", "head")
)  # fmt: skip
_HTML_INLINE = frozenset(
    ("a", "abbr", "b", "cite", "code", "em", "font", "i", "img", "label", "meta", "link", "small",
     "span", "strong", "sub", "sup", "time", "u", "td", "th", "tr")
)  # fmt: skip
# Only element names HTML has ("<foi@council.gov.uk>" is an address, not a tag).
_HTML_TAG = lazy(
    r"</?(?P<name>"
    + "|".join(sorted(_HTML_LINE_BREAK | _HTML_INLINE, key=len, reverse=True))
    + r")(?![a-z0-9@.-])[^<>]{0,500}>",
    re.I,
)


def _html_to_text(text: str) -> str:
    if not _HTML_TAG.search(text, 0, 20_000):
        return text

    def replace(tag: re.Match[str]) -> str:
        name, closing = tag.group("name").lower(), tag.group(0).startswith("</")
        if name in {"td", "th"}:
            return " " if closing else " | "
        if name == "tr":
            return " |" if closing else "\n"  # rows on consecutive lines: one table
        if name == "li" and not closing:
            return "\n- "
        return "\n" if name in _HTML_LINE_BREAK else ""

    return html.unescape(_HTML_TAG.sub(replace, text))


def _layout(text: str) -> list[_Block]:
    raw_blocks: list[list[_Line]] = [[]]
    columns: _Columns | None = None
    in_table = False
    list_keyword: str | None = None  # bare numbers listed after "... under sections:"
    text = _html_to_text(text)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    letter_started = False  # "Dear ..." or "Yours sincerely" seen: the reply itself is above
    headers: set[str] = set()  # running headers kept for their reference label
    above: list[str] = []  # the lines kept so far
    in_footnote = False  # in a footnote found by its number run into the text above
    requester_letter = _requester_letters([raw.translate(_CHARACTERS) for raw in raw_lines])
    for number, raw in enumerate(raw_lines):
        stripped = raw.strip()
        if number in requester_letter:
            if raw_blocks[-1]:
                raw_blocks.append([])  # the requester's letter: their words, not a reliance
            continue
        if letter_started and _quoted_mail_starts(raw_lines, number):
            break  # the requester's e-mail quoted below the reply: their words, their dates
        letter_started = letter_started or bool(_LETTER_LINE.match(stripped))
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _TABLE_SEPARATOR.match(stripped):
                continue
            line, columns = _table_line(stripped, columns if in_table else None)
            in_table = True
            if line:
                line = _labelled_bare_list(line)
                raw_blocks[-1].append(_Line(line))
            continue
        in_table = False
        line, blockquote, listed = _clean_line(raw)
        if _PAGE_FURNITURE.match(line) or _PAGE_FURNITURE.match(stripped):
            # a running header that labels the reference ("Ref: NCHS-FOI-2025-0440    Page 1 of
            # 2") keeps its label, the first time only
            header = _PAGE_NUMBER_TAIL.sub("", line).strip()
            if not header or header in headers or not _REF_LABEL.search(header):
                continue
            headers.add(header)
            line = header
        if not line:
            if raw_blocks[-1]:
                raw_blocks.append([])
            continue
        if list_keyword is not None and _STARTS_WITH_NUMBER.match(
            item := _ITEM_NUMBER.sub("", line)
        ):
            line = _listed_keyword(list_keyword, item) + item
        else:
            list_keyword = _bare_list_keyword(line)
            if list_keyword is None and raw_blocks[-1] and above:
                # an intro wrapped over two lines: "... under the following sections of the" /
                # "Freedom of Information Act 2000:"
                list_keyword = _bare_list_keyword(above[-1] + " " + line)
        line = _labelled_bare_list(line)
        line = _BARE_LIST_VERB.sub(_bare_list_verb_keyword, line, count=1)
        line = _BARE_EXEMPTIONS_LIST.sub(r"\g<label>section ", line, count=1)
        footnote = bool(raw_blocks[-1]) and _starts_plain_footnote(above, line)
        if raw_blocks[-1] and (
            _heads_legal_annex(raw_blocks[-1][-1].text, line, _next_line(raw_lines, number))
            or footnote
            # the letter going on below a footnote: "... in confidence." / "If you are ..."
            or (
                in_footnote
                and above
                and above[-1].endswith(".")
                and bool(_LETTER_AGAIN.match(line))
            )
        ):
            # PDF text: "Annex A - the exemptions", or a footnote, with no blank line above
            raw_blocks.append([])
        in_footnote = footnote or (in_footnote and bool(raw_blocks[-1]))
        raw_blocks[-1].append(_Line(line, blockquote, listed))
        above.append(line)
    if not raw_blocks[-1]:
        raw_blocks.pop()

    # A paragraph cut by a page break or by a stray blank line ("Section\n\n40(2)") is one
    # paragraph: merge such blocks before joining their lines.
    groups: list[list[_Line]] = []
    for raw_block in raw_blocks:
        if groups and _continues(groups[-1][-1].text, raw_block[0].text):
            groups[-1].extend(raw_block)
        else:
            groups.append(list(raw_block))
    groups = _drop_requests(groups)
    blocks = [
        _Block(
            index=index,
            lines=[line.text for line in group],
            text=_join_lines([line.text for line in group]),
            blockquote=all(line.blockquote for line in group),
        )
        for index, group in enumerate(groups)
    ]
    _mark_annex(blocks)
    _mark_quotations(blocks)
    _mark_footnotes(blocks)
    return blocks


# A question the requester asked, left standing in a list of questions and answers.
_QUESTION_ASKED = lazy(r"\?[\"')\s]*$")
_LAST_SENTENCE = lazy(r"(?:^|[.!?]\s)(?P<last>[^.!?]*)$")
# How many paragraphs a repeated request may run to; and one quoted, once its opening quotation
# mark is seen, when its paragraphs do not read as a request.
_REQUEST_BLOCKS = 25
_QUOTED_REQUEST_BLOCKS = 8


# The request repeated under the requester's own words, with no "You asked:" before it: "Please
# provide a copy of:" over the items asked for.
_ASKS_FOR_LIST = lazy(
    r"^(?:please\s+(?:could\s+you\s+)?(?:provide|send|supply|disclose|give)(?:\s+me)?"
    r"(?:\s+with)?(?:\s+(?:a\s+copy|copies|details|all|any|the\s+following)(?:\s+of)?"
    r"(?:\s+the\s+following)?(?:\s+information)?)?"
    r"|i\s+(?:would\s+like|wish|am\s+writing)\s+to\s+request(?:\s+the\s+following)?"
    r"(?:\s+information)?)\s*$",
    re.I,
)


# A sentence opening with its subject and a finite verb, in the present or past: "The Board does
# not record ...", "The Council holds ...", "It is not possible ...". Not "The number of ..."
# (a request's noun phrase) nor "Please ..." or a question.
_STATEMENT = lazy(
    r"^(?:[A-Z][\w&'\u2019-]*\s+){1,4}?(?:does|do|did|has|have|had|holds?|held|is|are|was|were"
    r"|can(?:not)?|could|will|would|keeps?|kept|records?|recorded)\b(?!\s+(?:you|it|they|there)\b)"
    # no question mark, but for one standing in for a character the text lost (quotation marks
    # or a pound sign turned into "?": "the ?cost limit?.", "?450")
    r"(?:[^?]|\?(?=\w)|(?<=\w)\?(?=[.,;]))*[.:]\s*$"
)


def _introduces_request(line: str) -> bool:
    if _REQUEST_HEADING.match(line):
        return True
    if line.endswith(":") and _ASKS_FOR_LIST.match(line[:-1].rstrip()):
        return True
    if line.endswith("."):
        line = line[:-1].rstrip()
        if not _FOLLOWS.search(line):
            return False
    elif line.endswith(":"):
        line = line[:-1].rstrip()
    else:
        return False
    last = _LAST_SENTENCE.search(line[-300:])
    sentence = last.group("last") if last else line
    return bool(_REQUEST_INTRO.search(sentence)) and not _NOT_A_REQUEST_INTRO.search(sentence)


# An answer numbered like the item it answers, in the authority's voice: "1) Please see the report
# attached.", "2. We do not hold this information." (not "1) Please provide ...").
_NUMBERED_ANSWER = lazy(
    r"^\(?(?:[0-9]{1,2}|[a-z])[.)]\s+(?:please\s+(?:see|find|refer|note)|we\s+(?:do|can|have|hold"
    r"|are|will|would|cannot|can't|don't)|our\b|i\s+(?:can|have|am)|this\s+information\s+is"
    r"|the\s+information\s+(?:you|requested|is)|not\s+held\b|none\b|nil\b)",
    re.I,
)


def _numbered_intro(line: str) -> bool:
    """Whether the sentence introducing the request carries a number ("Question 2:"), so what
    follows may be the answer; a date in an earlier sentence of the line does not count ("Thank
    you for your request of 3 March 2025. I deal with your questions below:")."""
    last = _LAST_SENTENCE.search(line.rstrip(".:")[-300:])
    return bool(re.search(r"[0-9]", last.group("last") if last else line))


def _answers(line: _Line) -> bool:
    """Whether a line is the authority speaking again after a repeated request."""
    return (
        bool(_AUTHORITY_VOICE.match(line.text))
        or _answer_heading(line)
        or _answers_on_q_line(line.text)
        or bool(_NUMBERED_ANSWER.match(line.text))
    )


_BARE_ANSWER_LABEL = lazy(r"(?:our\s+)?(?:response|reply|answer|decision|outcome)\s*:?", re.I)


def _answer_heading(line: _Line) -> bool:
    """Whether a line heads the authority's answer ("Our response", "Response 2:", "DECISION")."""
    text = line.text
    if _ANSWER_LINE.match(text):
        return True
    # a page that sets its labels as bullets ("- Reference", "- Information Requested", "-
    # Response") heads its answer with one, and a bare label is no item of a request
    short = (
        len(text) <= 70
        and not text.endswith(("?", ".", ",", ";"))
        and (not line.listed or bool(_BARE_ANSWER_LABEL.fullmatch(text)))
    )
    return short and (bool(_ANSWER_HEADING.match(text)) or (text.isupper() and len(text) > 3))


def _asks(group: list[_Line]) -> bool:
    """Whether a paragraph reads as (part of) a request."""
    first = group[0]
    return (
        first.listed
        or first.blockquote
        or "?" in first.text
        or bool(_REQUESTER_VOICE.match(first.text))
        or bool(_NUMBERED.match(first.text))
    )


_QUOTE_MARK = lazy(r"[\"\u201d]")
_CLOSES_QUOTE = lazy(r"[\"'][.?!)]{0,2}$")


def _opens_quote(group: list[_Line]) -> bool:
    """Whether a paragraph opens a quotation it does not close: the quoted request runs on into
    the next paragraphs, whatever they start with, up to the closing mark."""
    return group[0].text[:1] in "\"'" and not _CLOSES_QUOTE.search(group[-1].text)


# "Q1. The gender pay gap report. - Published on our website; section 21 applies.": the answer
# given on the question's own line, after a dash or "A:".
_Q_LINE = lazy(r"^q(?:uestion)?\s*[0-9]{1,2}\s*[:.)-]", re.I)
_INLINE_ANSWER = lazy(
    r"(?<=[.?])\s+[-\u2013\u2014]+\s+(?=\S)|\s+(?:A|Answer|Response)\s*[0-9]{0,2}\s*[:.]\s+(?=\S)"
    # "Q1 - How many ...? Section 12 - we estimate ...": the answer opens with a citation (or
    # "Not held")
    r"|(?<=[.?])\s+(?=(?:Sections?|Regulations?|Regs?\.?|S\.?)\s?[0-9]|Not\s+held\b)"
)


_Q_NUMBER = lazy(r"^q(?:uestion)?\s*(?P<number>[0-9]{1,2})\s*[:.)-]", re.I)


# "Q2. We are withholding the tender under section 43(2)": a line numbered like a question but in
# the authority's voice answers a question the notice does not repeat. Not "Q1. We would like
# the evaluation report." (a requester writing for an organisation) nor a line that asks.
_REQUESTER_WE = lazy(
    r"^we\s+(?:would|'d|wish|want|request|ask|are\s+(?:asking|requesting))\b", re.I
)


# "Question 1 - The combined pdf is published on our website. Under section 25(1) we do not have
# to give you information ...": the authority telling the requester what it does or will do.
_WE_TELL_YOU = lazy(
    r"\bwe\s+(?:do\s+not|don't|cannot|can't|can|will|have|hold|enclose|attach|are\s+(?:not|un)?able)"
    r"\b[^.?!]{0,60}\byou\b",
    re.I,
)


def _answers_on_q_line(text: str) -> bool:
    label = _Q_NUMBER.match(text)
    if label is None or _QUESTION_ASKED.search(text):
        return False
    rest = text[label.end() :].lstrip(" -\u2013\u2014")
    if _REQUESTER_WE.match(rest):
        return False
    return bool(_AUTHORITY_VOICE.match(rest)) or (
        not _REQUESTER_VOICE.match(rest) and bool(_WE_TELL_YOU.search(rest))
    )


def _q_numbers(group: list[_Line]) -> set[str]:
    return {found.group("number") for line in group if (found := _Q_NUMBER.match(line.text))}


# A paragraph numbered "1." or "2)": listed under "You asked:" it is a question; numbered the same
# again further down, it is the answer ("1. How many officers ...?" ... "1. There were 6 ...").
_PARAGRAPH_NUMBER = lazy(r"^\(?(?P<number>[0-9]{1,2}|[a-z])[.)]\s")


def _item_number(group: list[_Line]) -> str | None:
    found = _PARAGRAPH_NUMBER.match(group[0].text)
    return found.group("number") if found else None


def _split_inline_answer(line: _Line) -> list[_Line]:
    if not _Q_LINE.match(line.text):
        return [line]
    answer = _INLINE_ANSWER.search(line.text)
    if answer is None:
        return [line]
    return [
        _Line(line.text[: answer.start()], line.blockquote, line.listed),
        _Line(line.text[answer.end() :], line.blockquote),
    ]


# A disclosure-log entry that opens with the request itself, without a heading: "My query relates
# to the use of sections 23(5) and 24(2) ...", "I would like to know ...", "Can you tell me ...".
_REQUEST_OPENING = lazy(
    r"^(?:my\s+(?:query|request|question|enquiry)\b|i\s+(?:would\s+like\s+(?:to\s+(?:know|request"
    r"|ask|see|obtain|receive)|a\s+copy|copies|information|details)|am\s+writing\s+to\s+(?:request"
    r"|ask)|write\s+to\s+(?:request|ask)|wish\s+to\s+(?:request|know|ask)|request\b|want\b)"
    r"|(?:could|can|would)\s+you\s+(?:please\s+)?(?:provide|tell|send|confirm|clarify|supply"
    r"|let|advise|give|disclose|list|state))",
    re.I,
)
# Lines above it that are neither the request nor the answer: a date, a title, a reference.
_HEADER_LINE = lazy(r"^(?!.*[:.]$)[^?!]{1,80}$")


def _opening_request(groups: list[list[_Line]]) -> tuple[int, int]:
    """The paragraphs at the top that are the request repeated without a heading (start, end)."""
    start = 0
    while start < len(groups) and all(
        _HEADER_LINE.match(line.text) and not _answers(line) for line in groups[start]
    ):
        start += 1
    if (
        start == len(groups)
        or not _REQUEST_OPENING.match(groups[start][0].text)
        or _AUTHORITY_VOICE.match(groups[start][0].text)
    ):
        return 0, 0
    end = start + 1
    while end < len(groups) and not _answers(groups[end][0]) and _asks(groups[end]):
        end += 1
    if end == len(groups):
        return 0, 0  # nothing answers it: not a request repeated above its answer
    return start, end


# A disclosure-log page titled by its request ("Records reclosed under section 37", then "FOI
# request reference: ...", "Request", the request naming "Section 37", "Outcome", "Response"): a
# section the title names and the request names too is the request's subject, not the answer's.
_SECTION_NAMED = lazy(r"\bsections?\s+(?P<number>[0-9]{1,2}[A-Z]?)\b", re.I)


def _sections_named(line: _Line) -> set[str]:
    """The section numbers a line names ("section 37" gives "37")."""
    return {found.group("number").upper() for found in _SECTION_NAMED.finditer(line.text)}


def _drop_request_title(groups: list[list[_Line]]) -> list[list[_Line]]:
    """Leave out title lines above a "Request" heading whose sections the request names."""
    heading = next(
        (
            position
            for position, group in enumerate(groups[:4])
            if len(group) == 1 and _REQUEST_HEADING.match(group[0].text.strip())
        ),
        None,
    )
    if not heading or not all(
        _HEADER_LINE.match(line.text) and not _answers(line)
        for group in groups[:heading]
        for line in group
    ):
        return groups
    end = next(
        (
            position
            for position in range(heading + 1, len(groups))
            if _BARE_ANSWER_LABEL.fullmatch(groups[position][0].text.strip())
        ),
        None,
    )
    if end is None:
        return groups
    asked = {
        number
        for group in groups[heading + 1 : end]
        for line in group
        for number in _sections_named(line)
    }
    kept: list[list[_Line]] = []
    for position, group in enumerate(groups):
        if position < heading:
            group = [
                line
                for line in group
                if not (_sections_named(line) and _sections_named(line) <= asked)
            ]
            if not group:
                continue
        kept.append(group)
    return kept


def _drop_requests(groups: list[list[_Line]]) -> list[list[_Line]]:
    """Leave out the requester's words the notice repeats (see _QUESTION_COLUMN)."""
    groups = _drop_request_title(groups)
    start, end = _opening_request(groups)
    groups = groups[:start] + groups[end:]
    kept: list[list[_Line]] = []
    asking = 0  # paragraphs of request still possible after an introduction
    explicit = False  # introduced by "You asked:" rather than a bare "Question 3" heading
    quoting = 0  # paragraphs a quoted request, still open, may yet run to
    # "Q2: ..." a second time, under "Our response", answers the "Q2: ...?" listed above it
    asked: set[str] = set()
    items: set[str] = set()  # "1.", "2." paragraphs of the request
    for group in groups:
        if quoting and not _answer_heading(group[0]):  # an unclosed quote ends at our answer
            quoting = 0 if _CLOSES_QUOTE.search(group[-1].text) else quoting - 1
            continue
        quoting = 0
        if asking:
            if _answers(group[0]) or _item_number(group) in items:
                asking = 0
            elif (explicit and asking == _REQUEST_BLOCKS) or _asks(group):
                asking -= 1
                explicit = False
                if group[-1].text.endswith(":") and not _introduces_request(group[-1].text):
                    asking = max(asking, 1)  # "Specifically, I am asking the following:"
                if _opens_quote(group):
                    quoting = _QUOTED_REQUEST_BLOCKS
                asked |= _q_numbers(group)
                if (item := _item_number(group)) is not None:
                    items.add(item)
                continue
            else:
                asking = 0
        group = [part for line in group for part in _split_inline_answer(line)]
        lines: list[_Line] = []
        questioning = False
        introduced = False  # by "You asked:" (the lines after it are the request) or "Q1."
        in_quote = False  # the request quoted, its closing mark not yet seen
        for position, line in enumerate(group):
            if in_quote and not _answer_heading(line):  # an unclosed quote ends at our answer
                # its wrapped lines are the request, even one that starts "section 41 or ..."
                in_quote = not _QUOTE_MARK.search(line.text)
                continue
            in_quote = False
            number = _Q_NUMBER.match(line.text)
            if number is not None and number.group("number") in asked:
                questioning = False  # the answer to a question listed before
            elif questioning and (
                _answers(line)
                or not (introduced or _asks([line]))
                # "I have answered your questions one by one below: / 1 how many times has
                # the Board used ... / ... since 2020? / The Board does not record ...": a
                # statement after the question's closing mark is the answer
                or (
                    position > 0
                    and _QUESTION_ASKED.search(group[position - 1].text) is not None
                    and _STATEMENT.match(line.text) is not None
                )
            ):
                questioning = False
            elif _REQUEST_LINE.match(line.text) and not _answers_on_q_line(line.text):
                questioning, introduced = True, False
                if number is not None:
                    asked.add(number.group("number"))
            if questioning and (item := _item_number([line])) is not None:
                items.add(item)  # "(a) How many ...?" under "You asked:"
            if questioning and line.text[:1] in '"\u201c':
                in_quote = not _QUOTE_MARK.search(line.text, 1)
            if questioning or _QUESTION_ASKED.search(line.text) and _asks([line]):
                continue  # "2. Why did you rely on section 43 last time?"
            lines.append(line)
            if position < len(group) - 1 and _introduces_request(line.text):
                # "You asked:" is followed by the request; "Question 2" may be by the answer.
                questioning, introduced = True, not _numbered_intro(line.text)
        if lines and lines[-1] is group[-1] and _introduces_request(group[-1].text):
            asking, explicit = _REQUEST_BLOCKS, not _numbered_intro(group[-1].text)
        elif questioning:
            asking, explicit = _REQUEST_BLOCKS, False
        if lines:
            kept.append(lines)
    return kept


# A heading on its own line over the paragraph it heads ("Section 40(2) - Personal information" /
# "The names ... have been removed."): a short line without closing punctuation, followed by a
# capital. It ends a sentence, so the paragraph's words are not read as said of the heading.
_HEADING_LINE_END = lazy(
    r"(?:[,;:(&/-]|\b(?:the|a|an|of|and|or|to|under|in|for|by|with|at|on|from|that|which|section"
    r"|sections|s|ss|sec|regulation|regulations|reg|regs|paragraph|schedule|article|part))$",
    re.I,
)


def _is_heading_line(line: str, following: str) -> bool:
    return (
        len(line) <= 70
        and following[:1].isupper()
        and line[-1:] not in ".!?\"')"
        and not _HEADING_LINE_END.search(line)
    )


def _join_lines(lines: list[str]) -> str:
    """One paragraph's text; a heading line is kept apart by a line break (see _sentences)."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower():
            text = text[:-1] + line  # "informa-" + "tion"
        else:
            previous = text[text.rfind("\n") + 1 :]
            text += ("\n" if _is_heading_line(previous, line) else " ") + line
    return text


def _continues(previous: str, following: str) -> bool:
    if following[:1].isdigit() and _DANGLING_KEYWORD.search(previous[-20:]):
        return True
    return (
        bool(previous)
        and (previous[-1].isalpha() or previous[-1] == ",")
        and following[:1].islower()
    )


def _is_annex_heading(blocks: list[_Block], position: int) -> bool:
    first = blocks[position].lines[0].strip().rstrip(":")
    if len(first) > 80:
        return False
    if _LEGISLATION_HEADING.match(first):
        return True
    heading = _ANNEX_HEADING.match(first)
    if heading is None or _ANNEX_SENTENCE.match(first):
        return False
    if heading.group("legal"):
        return True
    subject = bool(_ANNEX_SUBJECT.search(heading.group("rest")))
    if heading.group("rest").strip() and not subject:
        return False  # "Annex A - Prices paid in 2023"
    following = [blocks[position].text.removeprefix(blocks[position].lines[0])]
    following += [block.text for block in blocks[position + 1 : position + 3]]
    if any(_DECIDES.search(text) for text in following):
        # the authority's reasons set out in an annex ("Appendix A - Exemptions applied ... The
        # Council considers ..."): relied on
        return False
    return subject or any(
        _LEGAL_CONTENT.search(text) or _STATUTE_WORDS.search(text) for text in following
    )


def _next_line(raw_lines: list[str], number: int) -> str:
    return next((raw.strip() for raw in raw_lines[number + 1 : number + 4] if raw.strip()), "")


# The Act's text or its provisions under a heading: "Section 31 - Law enforcement", "Section
# 31(1) provides that ...", "Regulation 12(5)(e)".
_LEGAL_LINE = lazy(
    r"^(?:section|s\.|regulation|reg\.?)\s*[0-9]{1,2}[A-Z]?\b(?:\s?\([^()]{1,4}\)){0,4}"
    r"\s*(?:$|[-:\u2013\u2014]|(?:of\s+the\s+(?:[A-Z]\w*\s+){1,6}(?:Act|Regulations)(?:\s+[0-9]{4})?\s+)?"
    r"(?:provides|states|says|reads|exempts|sets\s+out)\b)",
    re.I,
)


def _heads_legal_annex(previous: str, line: str, following: str = "") -> bool:
    """Whether a line inside a paragraph is a legal annex's heading: short, not a sentence, after
    a line that ended one ("... of the date of this letter." / "Annex A - the exemptions"), or a
    bare "Annex A" over the Act's provisions ("Section 31 - Law enforcement") after any line that
    does not run on into it ("... please see" / "Annex A" / "for the reasons")."""
    if len(line) > 80 or line.endswith((".", ",", ";")):
        return False
    bare = _ANNEX_HEADING.match(line.rstrip(":"))
    if bare is not None and not bare.group("rest").strip() and not bare.group("legal"):
        return not _HEADING_LINE_END.search(previous) and bool(
            _LEGAL_LINE.match(following) or _LEGISLATION_HEADING.match(following)
        )
    if not previous.endswith((".", ":", "?")):
        return False
    if _LEGISLATION_HEADING.match(line.rstrip(":")):
        return True
    heading = _ANNEX_HEADING.match(line.rstrip(":"))
    return (
        heading is not None
        and not _ANNEX_SENTENCE.match(line)
        and bool(heading.group("legal") or _ANNEX_SUBJECT.search(heading.group("rest")))
    )


def _mark_annex(blocks: list[_Block]) -> None:
    # Everything from a legal-annex heading to the end is the annex: what follows it in real
    # notices (complaint rights, copyright) cites no exemptions.
    for position in range(len(blocks)):
        if _is_annex_heading(blocks, position):
            for later in blocks[position:]:
                later.annex = True
            return


def _mark_quotations(blocks: list[_Block]) -> None:
    """Mark paragraphs that quote the legislation rather than apply it.

    A quotation is a blockquote, a quoted paragraph in the Act's own words, or what follows
    "Section 24(1) provides:" for as long as the paragraphs look like statute ("(a) ...").
    """
    quoting = False
    for position, block in enumerate(blocks):
        before = blocks[position - 1].text if position > 0 else ""
        introduced = bool(_INTRODUCES_QUOTE.search(before)) and not _DECIDES_AS_FOLLOWS.search(
            before
        )
        statute_words = bool(_STATUTE_WORDS.search(block.text))
        enumerated = bool(_ENUMERATED.match(block.text))
        quoting = introduced or (quoting and (statute_words or enumerated))
        block.quoted = quoting or block.blockquote or (block.text.startswith('"') and statute_words)
        # An inline quotation of the Act inside an ordinary paragraph: blank it out (keeping the
        # offsets) so "Information which does not fall within section 23(1) ..." is not a citation.
        block.text = _QUOTED_SPAN.sub(
            lambda span: (
                " " * len(span.group(0)) if _STATUTE_WORDS.search(span.group(0)) else span.group(0)
            ),
            block.text,
        )
        block.text = _CARVE_OUT.sub(lambda span: " " * len(span.group(0)), block.text)
        block.text = _INTRODUCED_SPAN.sub(
            lambda span: (
                span.group(0)[: span.start("quote") - span.start()] + " " * len(span.group("quote"))
            ),
            block.text,
        )
        # The request quoted inside a sentence: 'You asked: "why was section 43 used?"'.
        block.text = _QUOTED_REQUEST.sub(
            lambda asked: (
                asked.group(0)[: asked.start("quote") - asked.start()]
                + " " * len(asked.group("quote"))
            ),
            block.text,
        )


# A footnote: "[2] Section 40(2) provides that ..." under a paragraph that cites "section
# 40(2)[2]". Notices use footnotes to quote or explain the Act, not to rely on it.
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
_FOOTNOTE = lazy(
    r"^(?:\[(?P<number>[0-9]{1,2})\]|(?P<superscript>[" + _SUPERSCRIPTS + r"]{1,2})"
    # PDF text loses the superscript: "section 43(2)1 of the FOIA" ... "1 Section 43(2) - ..."
    r"|(?P<plain>[0-9]{1,2})\s+(?=[A-Z]))\s*"
)


def _plain_marker(number: str) -> re.Pattern[str]:
    """A footnote number run into the word or citation it annotates ("43(2)1", "freely2.")."""
    return re.compile(r"(?<=[a-z)])" + number + r"(?![0-9(])")


_LETTER_AGAIN = lazy(r"^(?:if\s+you|you\s+(?:may|can|have)|yours|kind\s+regards)\b", re.I)


def _starts_plain_footnote(above: list[str], line: str) -> bool:
    """Whether a line inside a paragraph is a footnote ("2 Section 41(1) - ...") whose number
    was run into the text above it, after a line that ended a sentence."""
    note = _FOOTNOTE.match(line)
    # (nothing above when the paragraph so far is a table: "| a | b |" then "2 Section 41(1) ...")
    if (
        note is None
        or note.group("plain") is None
        or not above
        or not above[-1].endswith((".", ":"))
    ):
        return False
    marker = _plain_marker(note.group("plain"))
    return any(marker.search(text) for text in above)


def _mark_footnotes(blocks: list[_Block]) -> None:
    for position, block in enumerate(blocks):
        note = _FOOTNOTE.match(block.text)
        if note is None or not position:
            continue
        if note.group("plain"):
            cited = _plain_marker(note.group("plain"))
        else:
            number = note.group("number")
            marker = f"[{number}]" if number else note.group("superscript")
            # the marker must sit on a word or a citation earlier on ("43(2)[1]", "Act\u00b9")
            cited = re.compile(r"(?<=[\w).,])" + re.escape(marker))
        if any(cited.search(earlier.text) for earlier in blocks[:position]):
            block.quoted = True
            if note.group("plain"):
                for earlier in blocks[:position]:
                    # "under 40(2)2 of the Act" reads as "under 40(2) of the Act"
                    earlier.text = cited.sub("", earlier.text)


# Sentences: a full stop followed by a capital. "s. 40" and "reg. 13" are followed by digits.
_SENTENCE_BREAK = lazy(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z])|\n")
_CLAUSE_BREAK = lazy(r";|\bbut\b|\bhowever\b|\bwhereas\b|\balthough\b|\bexcept\b", re.I)


def _sentences(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    start = 0
    for brk in _SENTENCE_BREAK.finditer(text):
        found.append((start, text[start : brk.start()]))
        start = brk.end()
    found.append((start, text[start:]))
    return found


def _clause_breaks(sentence: str) -> list[tuple[int, int]]:
    return [(brk.start(), brk.end()) for brk in _CLAUSE_BREAK.finditer(sentence)]


def _clause_bounds(breaks: list[tuple[int, int]], length: int, offset: int) -> tuple[int, int]:
    """The clause of a sentence that contains `offset`, from the sentence's clause breaks."""
    after = bisect.bisect_right(breaks, (offset, offset))
    start = breaks[after - 1][1] if after else 0
    if start > offset:  # the offset sits inside a break word
        start = offset
    end = breaks[after][0] if after < len(breaks) else length
    return start, end


# === 2. Citations ==============================================================================

# The keyword in front of a citation. "S" and "s" only count when a number follows ("S23(5)",
# "s 40"), and never inside a word or after an apostrophe ("it's 40 days").
# An EIR exception written bare ("withheld under 12(4)(d)") counts as a regulation when the
# notice is about the EIR: the empty keyword `bare` marks it.
_KEYWORD = lazy(
    # (an apostrophe after a letter is a possessive, "the authority's 12 ...", not a quotation
    # mark: "exempt by virtue of 'Section 40(2) - Personal Information'" is read)
    r"(?<!\w)(?<!\w')(?P<kw>sections?(?=\s*:?\s*[0-9])|sections?|secs?\.|secs?(?=\s?[0-9])|ss?\."
    r"|ss?(?=\s?[0-9])"
    r"|regulations?|regs?\.|regs?(?=\s?[0-9])|r\.(?=\s?[0-9])"
    r"|(?:exemptions?|exceptions?)(?=\s?[0-9]{1,2}\s?\()"
    # a FOIA/FOISA exemption's number as a list heading, with its name after a colon or dash:
    # "Exemption 40: personal data", "Exclusion 31 - law enforcement"
    r"|(?:exemptions?|exclusions?)(?=\s?(?:2[1-9]|3[0-9]|4[0-4])[A-Z]?\s?[:\u2013\u2014-]))"
    r"(?:\s*:(?=\s*[0-9]))?\s*(?:s\.\s*)?"  # "sections: 40(2)", "section s.38(1)(b)"
    # an opening quotation mark before the number, the Act's own words quoted from there:
    # 'invoke Sections "21 Information accessible to applicant by other means (1) ...'
    r"(?:[\"\u201c\u2018](?=[0-9]{1,2}[A-Z]?(?:\s?\(|\s+[A-Z]|[\"\u201d\u2019])))?"
    # ... also in brackets after the exception's name: "the exception for internal
    # communications (12(4)(e))"
    r"|(?<![\w./-])(?<![\w(./-]\()(?P<bare>)(?=12\s?\(\s?[45]\s?\)\s?\(\s?[a-g]\s?\)"
    r"|12\s?\(\s?6\s?\)"
    r"|13\s?\(\s?5[AB]?\s?\)"
    # "The names are withheld under 13(1), as personal data" (only after "under" or "and")
    r"|(?:(?<=\bunder\s)|(?<=\band\s))13\s?\(\s?[12][AB]?\s?\))"
    # "withheld under 43(2) of the Act": a bare number is a section when the Act follows it
    # or opens the sentence: "40(2) of the FOIA applies to the names"
    r"|(?:(?<=\bunder\s)|(?<=virtue\sof\s)|^)(?P<bare_act>)(?=[0-9]{1,2}[A-Z]?\s?\()"
    # a second exemption with its verb left out: "section 43(2) applies to the prices, and 40(2)
    # (personal data) to the names" (read only after a citation with a keyword)
    r"|(?<=\band\s)(?P<bare_and>)(?=[0-9]{1,2}[A-Z]?\s?\(\s?[0-9]{1,2}[A-Z]?\s?\)(?:\s?\([a-z]{1,4}\))*"
    r"\s+(?:\([^()0-9]{3,80}\)\s+)?(?:to|for)\s)",
    re.I,
)
_NUMBER = lazy(r"([0-9]{1,2}[A-Z]?)(?![0-9A-Za-z])")
_GROUP_ITEM = r"\(\s?([0-9]{1,2}[A-Z]?|viii|vii|iii|[a-z]{1,2})\s?\)"
_GROUP = lazy(r"\s?" + _GROUP_ITEM)
_GROUP_RANGE = lazy(r"\s?(?:-|to)\s?" + _GROUP_ITEM)
_SEPARATOR = lazy(r"\s?(?:,\s?(?:and\s|or\s|&\s?)?|and/or\s|and\s|or\s|&\s?|/\s?)\s?")
_SECTION_RANGE = lazy(r"\s?(?:-|to)\s?[0-9]")
# A bare number after "and" is a count, not a section, when a unit follows ("and 20 working days").
_NOT_A_SECTION = lazy(
    r"\s*(?:working|calendar|business|days?|weeks?|months?|years?|hours?|minutes?|per\b|%|percent|"
    r"pounds|pence|pages?|documents?|records?|items?|people|persons|staff|officers|cases|"
    r"incidents|times|questions?|requests?|of\s+(?:which|these|them|those))\b",
    re.I,
)
# A name in brackets, told from a subsection group by a space or a long word: "(law enforcement)",
# "(confidentiality)", but not "(b)", "(ii)" or "(5A)".
_TITLE_IN_BRACKETS = lazy(r"\s?\((?=[^()]{0,80}(?:\s|[A-Za-z]{5}))[^()0-9]{3,80}\)")
# ... or between dashes, when the list goes on after it: "27(1)(a) - relations between the UK and
# any other State - and 27(2)".
_TITLE_IN_DASHES = lazy(
    r"\s?-\s(?=[A-Za-z])[^-()0-9;.]{3,80}?\s-(?=\s?(?:,\s?)?(?:(?:and|or|&)\s)?\s?[0-9])"
)
# "S40 4GH": a postcode district followed by its inward code.
_POSTCODE_TAIL = lazy(r"\s?[0-9][A-Z]{2}\b")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


@dataclass
class _Citation:
    start: int
    end: int
    regulation: bool  # the keyword was "regulation"/"reg"
    bare: bool = False  # no keyword: an EIR exception written "12(4)(d)"
    bare_act: bool = False  # no keyword: "under 43(2) of the Act", read only if the Act follows
    items: list[tuple[str, ...]] = field(default_factory=list)
    describes_range: bool = False  # "sections 28 to 35": the Act's scheme, not a reliance


def _level(token: str, previous_level: int) -> int:
    """Depth of a bracketed group: (2)=1, (b)=2, (ii)=3. "(i)" is roman only under a letter."""
    if token[0].isdigit():
        return 1
    if token in _ROMAN and previous_level >= 2:
        return 3
    return 2


def _expand_range(first: str, last: str, level: int) -> list[str]:
    if level == 1 and first.isdigit() and last.isdigit():
        low, high = int(first), int(last)
        return [str(n) for n in range(low, high + 1)] if 0 < high - low < 10 else [first, last]
    if level == 3 and first in _ROMAN and last in _ROMAN:
        low, high = _ROMAN.index(first), _ROMAN.index(last)
        return list(_ROMAN[low : high + 1]) if low < high else [first, last]
    if len(first) == 1 and len(last) == 1 and first.isalpha() and last.isalpha() and first < last:
        return [chr(c) for c in range(ord(first), ord(last) + 1)][:10]
    return [first, last]


# No real citation lists more provisions than this; a longer run is read no further.
_MOST_ITEMS = 40


def _read_groups(text: str, position: int) -> tuple[list[str], int]:
    tokens: list[str] = []
    while len(tokens) < _MOST_ITEMS and (group := _GROUP.match(text, position)):
        token = group.group(1)
        # No provision of the Acts or the Regulations numbers a limb under a lettered paragraph
        # in Arabic figures: "S.30(b)(1)" is section 30(b)(i) typed with a figure.
        if (
            token.isdigit()
            and 0 < int(token) <= len(_ROMAN)
            and tokens
            and len(tokens[-1]) == 1
            and tokens[-1].isalpha()
        ):
            token = _ROMAN[int(token) - 1]
        tokens.append(token)
        position = group.end()
        ranged = _GROUP_RANGE.match(text, position)
        if ranged:
            level = _level(tokens[-1], _level(tokens[-2], 0) if len(tokens) > 1 else 0)
            tokens[-1:] = _expand_range(tokens[-1], ranged.group(1), level)
            position = ranged.end()
    return tokens, position


def _paths(base: list[tuple[str, int]], tokens: list[str]) -> list[list[tuple[str, int]]]:
    """Turn groups into provisions; a sibling at the same depth starts a new provision.

    ("40", [("2",1)]) + ["5"] -> 40(5); [] + ["1","a","b"] -> (1)(a), (1)(b).
    """
    paths: list[list[tuple[str, int]]] = []
    path = list(base)
    for token in tokens:
        level = _level(token, path[-1][1] if path else 0)
        if path != base and level <= path[-1][1]:
            paths.append(path)
        path = [(t, lv) for t, lv in path if lv < level] + [(token, level)]
    paths.append(path)
    return paths


def _read_item(
    text: str, position: int, previous: tuple[str, list[tuple[str, int]]] | None
) -> tuple[list[tuple[str, list[tuple[str, int]]]], int] | None:
    """One list item: a number with groups, or groups continuing the previous provision."""
    number = _NUMBER.match(text, position)
    if number:
        tokens, end = _read_groups(text, number.end())
        paths = _paths([], tokens) if tokens else [[]]
        return [(number.group(1), path) for path in paths], end
    if previous is None:
        return None
    tokens, end = _read_groups(text, position)
    if not tokens:
        return None
    section, previous_path = previous
    first_level = _level(tokens[0], previous_path[-1][1] if previous_path else 0)
    base = [(t, lv) for t, lv in previous_path if lv < first_level]
    return [(section, path) for path in _paths(base, tokens)], end


# The cost limit's subsections given as a range ("Section 12(1) - (4) of the Act allows a public
# authority to refuse ..."): the section's scheme, whose refusal is section 12(1); section 12(2),
# the cost of confirming or denying, is read only when the notice names it on its own.
_COST_LIMIT_RANGE = lazy(r"12\s?\(\s?1\s?\)\s?(?:-|\u2013|\u2014|to)\s?\(\s?[3-5]\s?\)(?![\w(])")


def _scan_citations(text: str) -> list[_Citation]:
    citations: list[_Citation] = []
    resume = 0
    for keyword in _KEYWORD.finditer(text):
        if keyword.start() < resume:
            continue
        kw = (keyword.group("kw") or "").lower()
        gapped = keyword.group("bare_and") == ""
        if gapped and not citations:
            continue
        first = _read_item(text, keyword.end(), None)
        if first is None:
            continue
        if not kw.startswith(("reg", "r.", "exception")) and _COST_LIMIT_RANGE.match(
            text, keyword.end()
        ):
            first = ([("12", [("1", 1)])], first[1])
        citation = _Citation(
            start=keyword.start(),
            end=first[1],
            regulation=(
                citations[-1].regulation if gapped else kw.startswith(("reg", "r.", "exception"))
            )
            or keyword.group("bare") == "",
            bare=keyword.group("bare") == "",
            bare_act=keyword.group("bare_act") == "",
        )
        found = first[0]
        bare_keyword = kw == "s"
        if bare_keyword and _POSTCODE_TAIL.match(text, first[1]):
            continue  # "Chesterfield S40 4GH" is an address, not section 40
        if all(not path for _, path in found) and _SECTION_RANGE.match(text, first[1]):
            citation.describes_range = True
        position = first[1]
        while len(found) < _MOST_ITEMS:
            # the exemption's name in brackets between items: "35(1)(a) and (b) (law
            # enforcement) and 39(1) (health, safety and the environment)"
            title = _TITLE_IN_BRACKETS.match(text, position) or _TITLE_IN_DASHES.match(
                text, position
            )
            separator = _SEPARATOR.match(text, title.end() if title else position)
            if separator is None or _KEYWORD.match(text, separator.end()):
                break  # a new keyword starts a citation of its own
            item = _read_item(text, separator.end(), found[-1])
            if item is None:
                break
            bare = not item[0][-1][1] and _NUMBER.match(text, separator.end())
            if bare and _NOT_A_SECTION.match(text, item[1]):
                break
            found.extend(item[0])
            position = item[1]
        citation.end = position
        citation.items = [(section, *(token for token, _ in path)) for section, path in found]
        citations.append(citation)
        resume = position
    return citations


# === 3. Rules ==================================================================================

# Which instrument a citation belongs to, from the words after it ("of the Data Protection Act
# 2018") or just before it ("DPA 2018 s.24").
_INSTRUMENT_WORD = (
    r"(?:Act|Regulations|Order|Rules|Code|DPA|GDPR|FOIA|FOISA|FOI\(S\)A|EIRs?|EISRs?)"
)
_NAME_WORDS = r"(?:(?:[A-Z(][\w()'&-]*|of|and|the|for|on|in)\s+){0,10}?"
_AFTER_INSTRUMENT = lazy(
    r"\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?:of|under|in|within)\s+(?:the\s+|this\s+)?"
    # "of the 1974 Local Government Act": the year may come first
    r"(?:[12][0-9]{3}\s+(?=[A-Z]))?"
    r"(?P<name>" + _NAME_WORDS + _INSTRUMENT_WORD + r"|[A-Z]{3,8}(?=[\s.,;:)]|$))\b"
)  # or an abbreviation the notice defined: "Section 23(1) of the CRCA provides"
# Another Act named straight after the section, with no "of": "Section 32(2) Local Government
# Act 1974", "s32(2) LGA 1974" (an abbreviation is read only with its year).
_NEXT_TO_INSTRUMENT = lazy(
    r"\s+(?P<name>(?:[A-Z][\w'&-]*\s+|(?:of|and|the|for|on|in)\s+){1,8}?Act(?:\s+[12][0-9]{3})?"
    r"|[A-Z]{2,8}\s+[12][0-9]{3})\b"
)
_BEFORE_INSTRUMENT = lazy(
    r"\b(?P<word>Act|Regulations|Order|Rules|DPA|GDPR|FOIA|FOISA|EIRs?)(?:\s+[0-9]{4})?\s*[,:]?\s*$"
)
# The words of the name in front of that instrument word, each a whole word ("the Freedom of
# information Act 2000 Exemption 21": the last word before "Act" is "information", not its "on").
_NAME_TAIL = lazy(r"((?:(?<![\w'])[\w(][\w()'&-]*\s+){0,10})$")
_OTHER = "other"


_KNOWN_INSTRUMENTS: tuple[tuple[LazyPattern, Regime | str], ...] = (
    # The Acts' names in any case ("the Freedom of information Act 2000")
    (lazy(r"(?:(?i:Freedom of Information \(Scotland\) Act)|FOISA|FOI\(S\)A)$"), Regime.FOISA),
    (lazy(r"(?:(?i:Freedom of Information Act)|FOIA|FOI Act)$"), Regime.FOIA),
    # Scottish EIR: their own numbering (reg 10(4), 10(5), 11), not catalogued.
    (lazy(r"(?:Environmental Information \(Scotland\) Regulations|EISRs?)$"), "other"),
    (lazy(r"(?:Environmental Information Regulations|EIRs?)$"), Regime.EIR),
)


# An abbreviation in brackets inside the name: "the Freedom of Information (FOI) Act" (also as
# OCR gives it, "(FOl)"), not "(Scotland)", which names another Act.
_ABBREVIATION_IN_NAME = lazy(r"\s*\((?!Scotland\))[A-Z][A-Za-z]{1,7}\)(?=\s)")


def _instrument(name: str) -> Regime | str | None:
    """FOIA/FOISA/EIR, None for "the Act" (the notice's own law), or _OTHER for another law."""
    name = re.sub(r"\s+[0-9]{4}$", "", " ".join(name.split()))
    name = _ABBREVIATION_IN_NAME.sub("", name)
    for pattern, found in _KNOWN_INSTRUMENTS:
        if pattern.search(name):
            return found
    if name == "FOI":
        return None  # "section 40(2) of the FOI": the notice's own law
    if name.isupper() and " " not in name:
        return _OTHER  # another law's abbreviation: "the CRCA", "the RIPA", "the DPA"
    words = name.split()
    if len(words) == 1 or words[-2].lower() in {"the", "this"}:
        if words[-1] == "Act":
            return None
        if words[-1] == "Regulations":
            return Regime.EIR
    return _OTHER


# "Section 34 within Chapter 2" (of Part 3 of the Data Protection Act 2018): the FOIA, the FOISA
# and the EIR have no chapters, so a section placed in a chapter is another law's.
_IN_A_CHAPTER = lazy(
    r"\s*,?\s*(?:of|in|within)\s+(?:Part\s+[0-9]+\s*[-,\u2013]?\s*)?Chapter\s+[0-9]"
)


# A section named as the kind of another law's instrument or power: "a section 44 Authorisation",
# "this section 44 extraordinary, temporary power" (the Terrorism Act 2000's stop and search),
# "a section 8 warrant". Up to three describing words may come between;
# none of them a word that would carry on a citation ("section 1 of the Act gives the power").
_INSTRUMENT_KIND = lazy(
    r"(?:\s+(?!(?:of|the|a|an|and|or|to|in|at|on|which|that|this|it|is|are|was|were|be|by|for"
    r"|under|with|gives?|grants?|confers?|provides?|applies|apply)\b)[a-z][a-z-]*,?){0,3}"
    r"\s+(?:authori[sz]ations?|powers?|warrants?)\b",
    re.I,
)


# Another law the notice calls "the Act": "the Gambling Act 2005 (the Act)", "section 82 of the
# Pensions Act 2004 ("the Act")". Until the notice gives the name to another law, "section 22 of
# the Act" is that law's section, not the FOIA's.
_ACT_DEFINED = lazy(
    r"(?P<name>(?:[A-Z][\w'&-]*\s+|(?:of|and|the|for|on|in)\s+){1,8}?Act(?:\s+[12][0-9]{3})?)"
    r"\s*,?\s*\(\s*(?:(?:hereafter|hereinafter|referred\s+to\s+as|or)\s+)?[\"'\u201c\u2018]?"
    r"\s*the\s+Act\s*[\"'\u201d\u2019]?\s*\)"
)


def _act_names_another_law(text: str, position: int | None = None) -> bool | None:
    """Whether the last law `text` calls "the Act" (before `position`) is another law; None if
    it gives the name to none."""
    last = None
    for defined in _ACT_DEFINED.finditer(text, 0, len(text) if position is None else position):
        last = defined
    return None if last is None else _instrument(last.group("name")) == _OTHER


def _citation_instrument(
    text: str, citation: _Citation, act_is_other: bool = False
) -> Regime | str | None:
    """The citation's law; `act_is_other` when the notice has called another law "the Act"."""
    if _IN_A_CHAPTER.match(text, citation.end) or _INSTRUMENT_KIND.match(text, citation.end):
        return _OTHER
    after = _AFTER_INSTRUMENT.match(text, citation.end) or _NEXT_TO_INSTRUMENT.match(
        text, citation.end
    )
    if after:
        found = _instrument(after.group("name"))
        if found is None and after.group("name") == "Act":
            here = _act_names_another_law(text, citation.start)
            if here or (here is None and act_is_other):
                return _OTHER
        return found
    # The instrument word sits right before the citation ("... Act 2018, s.24"), so only the
    # last few characters need searching; the name in front of it is read only on a hit.
    start = max(0, citation.start - 30)
    before = _BEFORE_INSTRUMENT.search(text, start, citation.start)
    if before:
        head = text[max(0, citation.start - 160) : before.start()]
        tail = _NAME_TAIL.search(head)
        name = (tail.group(1) if tail else "") + text[before.start() : citation.start]
        return _instrument(name.rstrip(" ,:"))
    return None


def _looks_like_eir(parts: tuple[str, ...]) -> bool:
    return parts[0] == "13" or (parts[0] == "12" and len(parts) > 1 and parts[1] in {"4", "5", "6"})


@dataclass(frozen=True)
class _Laws:
    """What the notice says about the laws it applies, beyond its main regime."""

    scottish_eir: bool  # the Environmental Information (Scotland) Regulations
    eir_mentioned: bool  # the EIR, even in a notice that is mostly FOIA


def _looks_like_eir_paragraph(parts: tuple[str, ...]) -> bool:
    # FOIA s.12(4) and (5) are about regulations for the cost limit and have no lettered
    # paragraphs an authority would cite; EIR reg 12(4)(a)-(e) and 12(5)(a)-(g) are exceptions.
    return len(parts) >= 3 and parts[0] == "12" and parts[1] in {"4", "5"}


def _citation_regime(
    citation: _Citation,
    parts: tuple[str, ...],
    instrument: Regime | str | None,
    notice_regime: Regime,
    laws: _Laws,
) -> Regime | None:
    if instrument == _OTHER:
        return None
    if isinstance(instrument, Regime):
        return instrument
    if citation.bare and not laws.eir_mentioned:
        return None
    if citation.regulation:
        # In a Scottish notice "regulation" means the Environmental Information (Scotland)
        # Regulations, whose numbers (reg 10(4), 10(5), 11) are not the EIR's.
        return None if laws.scottish_eir or notice_regime is Regime.FOISA else Regime.EIR
    if (notice_regime is Regime.EIR or laws.eir_mentioned) and _looks_like_eir_paragraph(parts):
        return Regime.EIR  # "section 12(5)(e)" in a notice that applies the EIR
    if notice_regime is Regime.EIR and _looks_like_eir(parts):
        return Regime.EIR  # EIR regulations called "section"
    return Regime.FOISA if notice_regime is Regime.FOISA else Regime.FOIA


# Negation: the authority mentions a provision it is NOT relying on. Checked in the clause
# around the citation, before it ("we have not applied section 43", "I do not uphold the use of
# section 30") and after it ("section 43 does not apply", "section 31 is no longer relied on").
_BETWEEN = (
    r"(?:\s+(?:up)?on)?(?:\s+(?:the|any|an|its|their|our|this))?"
    r"(?:\s+(?:use|application|citation|reliance)\s+(?:of|on|upon))?(?:\s+(?:the|any|an))?"
    r"(?:\s+(?:exemptions?|exceptions?|provisions?))?(?:\s+(?:at|in|under|of))?\s*$"
)
_NEGATION_BEFORE = lazy(
    # "regulation 12(9) means that we cannot rely on regulations 12(5)(d) to (g)"
    # ... "the Council should not have applied section 36", "we didn't rely on section 43"
    # "Neither section 40(2) nor section 41 applies to the job titles"
    r"(?:^\W*neither|(?:\b(?:not|no\s+longer|never|unable\s+to)|\bcan(?:no|')t|\b[a-z]+n't)\s+(?:to\s+)?"
    r"(?:have\s+)?(?:be\s+|been\s+|being\s+)?"
    r"(?:(?:sought|chosen|needed|decided|wished|intended|able|entitled|right|correct|justified)"
    r"\s+to\s+)?"
    r"(?:apply|applied|applying|rely|relied|relying|use|used|using|cite|cited|citing|invoke|"
    r"invoked|invoking|engage|engaged|claim|claimed|claiming|maintain|maintained|uphold|upheld"
    r"|applies|relies|uses|cites|invokes|engages|claims|maintains|upholds)"
    # "we have removed section 36" drops it; "names removed under section 40(2)" redacts
    r"|\b(?:withdr[ae]wn?|withdrawing|dropped|dropping|removed|rather\s+than|instead\s+of)"
    r"(?!\s+(?:under|by\s+virtue|in\s+accordance|using|in\s+line))"
    # "we do not consider that section 30 applies", "we are not satisfied that ..."
    # ... "we have not needed to consider whether section 41 would also apply"
    r"|\bnot\s+(?:(?:needed|need|had|chosen|decided|been\s+(?:necessary|required|asked))\s+to\s+)?"
    r"(?:consider(?:ed)?|believe|think|accept|agree|satisfied|persuaded|convinced)"
    r"(?:\s+(?:that|whether|if))?"
    # "It is not the case that section 43(2) applies", "it is not true that ..."
    r"|\b(?:not|nor\s+(?:is|was)\s+it)\s+(?:the\s+case|true|correct|right|accurate)\s+(?:to\s+say\s+)?that"
    # "we have not withheld any information under section 43"
    r"|\bnot\s+(?:been\s+)?(?:withh[oe]ld(?:ing)?|redact(?:ed|ing)?)(?:\s+(?:any|the|this|that))?"
    r"(?:\s+(?:information|data|details|parts?|of\s+it))?\s+(?:under|by\s+virtue\s+of|using)"
    # "The Board was wrong to rely on section 27(1)"
    r"|\b(?:wrong|incorrect|mistaken|an?\s+(?:error|mistake))\s+(?:for\s+(?:us|it|them|the\s+\w+)\s+)?"
    r"to\s+(?:apply|rely\s+(?:up)?on|use|cite|invoke|claim|engage)"
    # "the original response wrongly applied section 30(1)(b)"
    r"|\b(?:wrongly|incorrectly|mistakenly|inappropriately|erroneously|improperly)\s+(?:applied"
    r"|used|cited|relied\s+(?:up)?on|claimed|engaged|referred\s+to|quoted|mentioned|named)"
    # "Although we could have relied on section 12 ..., we have answered your request in full"
    r"|\b(?:could|might)\s+have\s+(?:relied|applied|used|cited|claimed|invoked)"
    # a plan overtaken: "We had intended to rely on section 22, but the report is now published"
    r"|\bhad\s+(?:originally\s+)?(?:planned|intended|meant|proposed|expected)\s+to\s+(?:apply|rely"
    r"|use|cite|invoke|claim|withhold\s+(?:[\w']+\s+){1,4}?under)"
    # "Had the records named staff, we would have withheld those details under section 40(2)"
    r"|\b(?:would|could|might)\s+(?:otherwise\s+)?have\s+(?:been\s+)?(?:withheld|redacted|refused"
    r"|exempt(?:ed)?|relied|applied)(?:\s+(?:those|these|them|it|the|such|any|this|that)"
    r"(?:\s+\w+){0,2}?)?(?=\s+(?:under|by\s+virtue|in\s+reliance|(?:up)?on)\b)"
    # "Had we held them, we would have considered whether section 40(2) applied"
    r"|\b(?:would|could|might)\s+have\s+(?:had\s+to\s+|needed\s+to\s+)?consider(?:ed)?\s+(?:whether"
    r"|if)(?:\s+(?:to\s+)?(?:apply|rely\s+(?:up)?on|use|withhold\s+(?:them|it|the\s+\w+)\s+under))?"
    # "I have overturned the decision to apply section 36(2)(c)"
    r"|\b(?:overturn(?:ed|ing)?|revers(?:ed|ing)|set\s+aside)\s+(?:the|our|its|your)\s+(?:original\s+)?"
    r"(?:decision|use|application|reliance|citation)\s+(?:to\s+(?:apply|rely\s+on|use|cite)|of|on)"
    # "I uphold the use of section 40(2) but not section 43(2)", "..., not section 43(2)"
    r"|(?:(?:\b(?:but|and|or)|,)\s+|^\s*)not(?:\s+(?:the\s+)?(?:use|application)\s+of)?"
    # an old number given beside the current one: "(formerly section 40(5))"
    r"|\b(?:formerly|previously|(?:replac|supersed)(?:ed|ing)(?!\s+(?:by|with)\b)|in\s+place\s+of)"
    # cross-references in paraphrased legislation: "information which does not fall within s.23"
    r"|\bdoes\s+not\s+fall\s+within|\bnot\s+exempt\s+information\s+by\s+virtue\s+of"
    # what a request leaves out: "all communications ... which are not subject to Section 32"
    r"|\bnot\s+(?:be\s+|been\s+)?(?:subject\s+to|covered\s+by|caught\s+by)"
    # "so no question arises under section 40", "there is no need to rely on section 43"
    r"|\bno\s+(?:question|issue|need|reason|requirement)(?:\s+(?:arises|to\s+(?:apply|rely|consider"
    r"|use|cite|engage|withhold\s+(?:anything|any\s+information|it))|of\s+(?:applying|relying"
    r"|using)))?)\b" + _BETWEEN,
    re.I,
)
# "Section 40(2) was therefore incorrectly applied": a linking adverb between verb and finding.
_ADVERB = r"(?:(?:therefore|thus|hence|also|accordingly|consequently|clearly|plainly|in\s+my\s+view"
_ADVERB += r"|in\s+my\s+opinion),?\s+)?"
_NEGATION_AFTER = lazy(
    # The subject of "does not apply" must still be the provision: "section 21 is absolute,
    # therefore the public interest test does not apply" relies on section 21.
    r"^(?:(?!\bduty\b|\bsections?\b|\bregulations?\b|\bs\.\s?[0-9]|\b1\s?\(1\)|\bpublic\s+interest"
    r"|\btests?\b|\bbalanc|\bharm\b|\bprejudice\b|\brequirement|\bbecause\b|\bsince\b"
    r"|\bwhich\s+means|\bmeaning\b|\bmeans\b|\bPIT\b|,\s*and\b|,\s*so\b"
    # nor what is withheld: "Section 38(1)(b) - Personal information: the names ... have been
    # removed"
    # (the Act's own name is no subject: "section 43(2) of the Freedom of Information Act does
    # not apply")
    r"|\b(?:(?<!freedom\sof\s)information|names?|details|data|figures|material|text|documents?"
    r"|passages?"
    r"|paragraphs?|addresses|numbers|redactions?)\b).){0,80}?"
    r"(?:\b(?:(?:is|was|has|have|had|does|do|did|were|are|would|will|could|can|should|may|must)\s+"
    r"(?:(?:therefore|thus|hence|now|also|accordingly|consequently|still)\s+)?(?:not|no\s+longer)"
    # "section 14 does not therefore apply"
    r"(?:\s+(?:therefore|thus|hence|accordingly|consequently))?"
    # "section 43(2) doesn't apply", "wasn't engaged"
    r"|(?:is|was|has|have|does|do|did|were|are|would|will|could|can|should|must)n't"
    r"|cannot|can't|no\s+longer)\s+(?:have\s+)?"
    r"(?:been\s+|being\s+|be\s+)?(?:properly\s+|correctly\s+|appropriately\s+|validly\s+)?"
    r"(?:engaged|applied|apply|applies|applicable|relied|used|cited|claimed|upheld|maintained"
    r"|allow|permit|cover|extend\s+to"
    r"|(?:relevant|appropriate|justified|needed|necessary|required)\b(?!\s+(?:to|in|for)\b))"
    # "... is absolute, so we have not applied a public interest test": the test is not applied
    r"(?!\s+(?:(?:a|the|any|this|that)\s+)?(?:public\s+interest|PIT\b|balanc|harm\b|prejudice\b"
    r"|tests?\b))"
    # nor when the verb has a provision of its own for its object: "covered by section 31 and
    # has not relied on section 38" rejects section 38 only
    r"(?!(?:\s+(?:up)?on)?\s+(?:(?:the|any)\s+)?(?:(?:exemptions?|exceptions?)\s+(?:at|in|under)\s+)?"
    r"(?:sections?\b|regulations?\b|regs?\b|s\.?\s?[0-9]))"
    r"|\b(?:has|have)\s+(?:now\s+)?been\s+(?:withdrawn|dropped|removed|set\s+aside|overturned)\b"
    # the verb left out after a finding on another provision: "... correctly applied, but that
    # section 40(2) was not:"
    r"|^\s*(?:was|were|is|are|has|have|had|has\s+been|had\s+been|does|did)\s+not\s*"
    r"(?=[:;,.)]|\s+(?:but|and)\b|$)"
    # "The original response also referred to section 12 in error", "The reference to section 41
    # was included by mistake"
    r"|^\s*(?:(?:was|were|had\s+been|has\s+been)\s+)?(?:(?:applied|used|cited|quoted|mentioned"
    r"|named|given|included|referred\s+to)\s+)?(?:in\s+error|by\s+mistake)\b"
    # a counterfactual: "section 36 would have been the equivalent exemption, but ..."
    r"|\b(?:would|could|might)\s+have\s+been\s+(?:(?:the|an?)\s+)?(?:equivalent|relevant"
    r"|appropriate|applicable|engaged|used|applied|relied\s+(?:up)?on)\b"
    # "section 35(1)(a) has been replaced by section 36(2)(b)(i)"
    r"|\b(?:is|was|has\s+been|have\s+been|should\s+be|must\s+be|will\s+be)\s+(?:now\s+)?"
    r"(?:replaced|superseded|substituted)\s+(?:by|with)\b"
    # a list line: "Section 22A (research) - considered, not applied"
    # ... or a finding on review: "Section 41(1) - not upheld", a review's table row "Section
    # 35(1)(a) | Applied | Not upheld"
    r"|(?:[-\u2013\u2014:(|]|,)\s*(?:(?:considered|reviewed)\s*(?:,|-|\u2013|\bbut\b|\band\b)?\s*"
    r"(?:but\s+)?)?not\s+(?:applied|used|relied\s+(?:up)?on|engaged|applicable|upheld|maintained)\b"
    r"|\b(?:is|was|were|has\s+been|had\s+been|have\s+been)\s+" + _ADVERB + r"(?:incorrectly"
    r"|wrongly|wrongfully|inappropriately|mistakenly|erroneously|improperly)\s+(?:applied|used"
    r"|cited|relied|engaged|claimed)\b"
    r"|\b(?:is|was|were|has\s+been|had\s+been|have\s+been)\s+" + _ADVERB + r"(?:applied|used"
    r"|cited|relied\s+(?:up)?on"
    r"|engaged|claimed)\s+(?:incorrectly|wrongly|inappropriately|mistakenly|erroneously"
    r"|improperly)\b)",
    re.I,
)
# A rejection of the rejection: "the Council was not wrong to rely on section 31", "I do not
# consider that we were wrong to apply section 43(2)" keep the provision relied on.
_NOT_WRONG = lazy(
    r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,6}?(?:wrong|incorrect|mistaken|in\s+error)\s+"
    r"(?:for\s+(?:us|it|them|the\s+\w+)\s+)?(?:to|in)\s+(?:apply|applying|rely\s+(?:up)?on"
    r"|relying\s+(?:up)?on|use|using|cite|citing|invoke|invoking|claim|claiming|engage|engaging)"
    + _BETWEEN,
    re.I,
)
_NEGATION_HINT = lazy(
    r"not|never|neither|\bno\s|\bnor\s|longer|unable|n't|ould\s+have|ight\s+have|withdr|drop|remov|rather|instead|such|example|instance|e\.g|formerly"
    r"|previously|replac|supersed|wrong|incorrect|mistake|error|inappropriate|erroneous|improper"
    r"|overturn|revers|set\s+aside|place\s+of|had\s+(?:originally\s+)?(?:plann|intend|meant|propos"
    r"|expect)",
    re.I,
)  # cheap test before the full pattern
# Not a reliance and not a rejection, but an aside: the Act explained ("exemptions such as
# section 43").
# So is guidance about one: "In line with the Information Commissioner's guidance on section 14,
# we considered whether ...".
_EXPLAINED = lazy(
    r"\b(?:such\s+as|for\s+example|for\s+instance|e\.g\.|guid(?:ance|elines?|es?)\s+(?:on|about"
    r"|for|to|regarding))" + _BETWEEN,
    re.I,
)
# A pointer to the Act's text that opens its sentence, as a link's caption on a blog that prints
# a reply with comments between its paragraphs: "See the FOIA Section 31: Law Enforcement
# exemption". It sends the reader to the statute; it relies on nothing.
_SEE_THE_ACT = lazy(
    r"\W{0,3}see\s+(?:the\s+)?(?:FOIA|FoIA|FOI\s+Act|Freedom\s+of\s+Information\s+Act(?:\s+2000)?)"
    r"\s*[,:-]?\s*",
    re.I,
)
# The requester's view, reported in the clause that opens the sentence: "You argued that section
# 36(2)(b)(ii) should not have been applied". Its negation is theirs, not the authority's: what
# they dispute is what the authority relied on, unless the review then says otherwise.
_REQUESTERS_VIEW = lazy(
    r"^\W{0,3}(?:in\s+your\s+(?:[\w-]+\s+){1,8}?,?\s*)?"
    r"(?:you\s+(?:have\s+|had\s+|also\s+|further\s+)?(?:argued?|said|say|stated?|asserted|assert"
    r"|contended|contend|claimed|claim|suggested|suggest|believed?|feel|felt|think|thought"
    r"|complained|complain|disputed?|questioned|question|pointed\s+out|maintained?|considered"
    r"|consider|told\s+us|disagreed?|(?:do|did)\s+not\s+(?:accept|agree))\b"
    r"|your\s+(?:view|argument|complaint|belief|position|contention|concern|grounds?)\s+"
    r"(?:is|was|are|were)\b)",
    re.I,
)
# The requester telling the authority what it relied on: "You have, however, withheld the 2024
# report, saying that it falls under section 43(2)". An authority does not write of its own
# reliance as "you": the sentence reports it, in the requester's words.
_YOU_RELIED = lazy(
    r"^\W{0,3}(?:however,?\s+|but\s+)?you(?:\s+(?:have|had))?(?:\s*,?\s*(?:however|also|now"
    r"|still|then|instead)\s*,)?\s+(?:withheld|redacted|refused|cited|quoted|relied|claimed"
    r"|invoked|engaged|applied(?!\s+for\b))\b",
    re.I,
)
_GUESSED = lazy(
    r"\b(?:expect\w*|anticipat\w*|assum\w*|predict\w*|suspect\w*|(?:might|may|would|will|could)"
    r"\s+(?:try\s+to\s+|want\s+to\s+|seek\s+to\s+)?(?:use|rely|refuse|apply|cite|withhold|hide))\b",
    re.I,
)
_CONSIDERED = lazy(
    r"\bconsider(?:ed|ing)?\s+(?:whether\s+|if\s+)?"
    + _BETWEEN
    # "We considered whether the request could instead be refused under section 12"
    + r"|\bconsider(?:ed|ing)?\s+(?:whether|if)\b[^.;]{0,100}?\b(?:refused|withheld|exempt|caught"
    r"|covered)\s+(?:from\s+disclosure\s+)?(?:under|by)\s*$",
    re.I,
)
_CONCLUDED_NOT = lazy(
    r"\b(?:it|this|that|they|the\s+exemption|the\s+exception)\s+"
    r"(?:does|did|do|would|was|were|is)\s+not"
    r"(?:\s+(?:apply|be\s+engaged|engaged|relevant|applicable|appropriate|cover\w*)\b"
    r"|\s*[.,;)]|\s*$)"
    # "We also considered regulation 12(5)(f) ..., but we do not consider it engaged."
    r"|\b(?:do|does|did)\s+not\s+(?:consider|think|believe|find)\s+(?:that\s+)?(?:it|this|that|they"
    r"|the\s+exemption|the\s+exception)\s+(?:is\s+|was\s+|to\s+be\s+|would\s+be\s+)?(?:engaged"
    r"|applies|applied|apply|relevant|applicable|appropriate)\b"
    # "We have also considered section 14(1), but we do not consider that the request is
    # vexatious" (the finding the provision needs, denied)
    r"|\b(?:do|does|did)\s+not\s+(?:consider|think|believe|find|accept)\s+(?:that\s+)?(?:the|this"
    r"|your)\s+(?:request|requests|information)\s+(?:is|was|are|were|to\s+be|would\s+be)\s+"
    r"(?:\w+\s+)?(?:vexatious|repeated|manifestly\s+unreasonable|exempt)\b"
    # "..., but we do not believe that it does." (the verb left out)
    r"|\b(?:do|does|did)\s+not\s+(?:consider|think|believe|find)\s+(?:that\s+)?(?:it|this|that|they"
    r"|the\s+exemption|the\s+exception)\s+(?:does|do|did|is|was|would|will)\s*(?=[.,;)]|$)"
    # "... and concluded that it could not be estimated reliably"
    r"|\bconclu(?:ded|sion\s+was)\s+(?:that\s+)?(?:it|this|that|they|the\s+\w+)\s+(?:does|did|do|would"
    r"|could|can|was|were|is|should)\s*(?:not|n't)\b",
    re.I,
)
_WAS_CONSIDERED = lazy(
    r"\s*(?:\([^()]{0,60}\)\s*)?(?:was|were|has\s+been|had\s+been|have\s+been)\s+"
    r"(?:also\s+|carefully\s+)?considered\b(?!\s+(?:to\s+(?:apply|be\s+engaged)|and\s+applied"
    r"|engaged|applicable))",
    re.I,
)
_NOT_APPLIED_IT = lazy(
    r"(?:(?!\bsections?\b|\bregulations?\b|\bs\.\s?[0-9]|[.!?]\s).){0,160}?"
    # "..., but we have not applied it", "... but have not needed to rely on it", "... are also
    # potentially applicable, although again, OS does not seek to rely on these exemptions"
    r"(?:[;,]\s*(?:(?:but|although|though|while|whilst|however)\b,?\s*)?"
    r"|\s+(?:but|although|though|while|whilst)\s+)(?:(?:again|also),?\s+)?"
    r"(?:(?:(?:we|I|the\s+\w+|(?-i:[A-Z][A-Za-z]{0,4}[A-Z]))\s+)?(?:have|has|had|did|do|does)\s+not\s+"
    r"(?:(?:needed|had|chosen|decided|seek|seeks|sought|intend|intends|wish|wishes|propose"
    r"|proposes)\s+to\s+)?(?:apply|applied|rely\s+(?:up)?on|relied\s+(?:up)?on|use|used|cite"
    r"|cited)\s+(?:it|this\s+exemption|this\s+exception)"
    # "Sections 36(2)(b)(i) and (ii) were also put to the qualified person, but we are not relying
    # on them"
    r"|(?:(?:we|I|the\s+\w+|(?-i:[A-Z][A-Za-z]{0,4}[A-Z]))\s+)?(?:am|are|is|were|was|have|has|had|did|do|does)"
    r"\s+not\s+(?:(?:needed|had|chosen|decided|seek|seeks|sought|intend|intends|wish|wishes"
    r"|propose|proposes)\s+to\s+|(?:been\s+)?)?(?:apply|applied|applying|rely"
    r"|relied|relying|use|used|using|cite|cited|citing)(?:\s+(?:up)?on)?\s+(?P<them>them|these"
    r"|those|either|either\s+of\s+them|these\s+(?:exemptions|exceptions|sections"
    r"|subsections|limbs)))\b",
    re.I,
)
# A finding denied: "I do not accept that", "It is not the case that" (before a citation whose
# own verb is negated, the two negations cancel).
_DOUBTED = lazy(
    r"\b(?:not|n't)\s+(?:\w+\s+){0,3}?(?:the\s+case|true|correct|accept|agree|think|believe"
    r"|consider|persuaded|satisfied|convinced)\s+that\s+(?:\w+\s+){0,2}?$",
    re.I,
)
# The same denial before a negating verb: "I do not think the Council should not have applied".
_DOUBTED_BEFORE = lazy(
    r"\b(?:not|n't)\s+(?:\w+\s+){0,3}?(?:the\s+case|true|correct|accept|agree|think|believe"
    r"|consider|persuaded|satisfied|convinced)\s+(?:that\s+)?(?:[\w']+\s+){0,4}$",
    re.I,
)
# What follows from a fact, said of the provision cited earlier in the sentence: "..., so this
# exemption" (then a negated verb); another provision named on the way ends the search.
_SO_THE_EXEMPTION = lazy(
    r"(?:(?!\bsections?\b|\bregulations?\b|\bs\.\s?[0-9]|[.!?]\s).){0,160}?"
    r"(?:,\s*|\s)(?:and\s+)?(?:so|therefore|consequently|which\s+means\s+that)\s+"
    r"(?=(?:this|the|that)\s+(?:exemption|exception)\b)",
    re.I,
)
_ENDS_CLAUSE = lazy(
    r"\s*(?:[.;,:)]|$|(?:any\s+longer|now|here|at\s+all)\b|(?:because|as|since)\s)", re.I
)
# A past condition not met: "If the report had been finalised, ...", "Had the names been ...".
_HAD_IF = lazy(r"\bif\b[^.;]{0,120}?\bhad\b|^\W*had\s+(?:the|it|they|we|you|this|any|such)\b", re.I)
_WOULD_APPLY = lazy(
    r"\s*(?:\([^()]{0,60}\)\s*)?would\s+(?:then\s+|also\s+|instead\s+)?(?:have\s+)?(?:apply|applied"
    r"|be\s+engaged|been\s+engaged|be\s+relevant|been\s+relevant)\b",
    re.I,
)
_STILL_APPLIES_TO = (
    r"(?:however,?\s+|but\s+)?(?:it|this\s+exemption|this\s+exception|the\s+exemption"
    r"|the\s+exception|(?:these|those)\s+(?:sections|exemptions|exceptions)|they)\s+"
    r"(?:do\s+(?:still\s+)?apply|(?:still\s+)?apply|are\s+(?:still\s+)?engaged"
    r"|does\s+(?:still\s+)?apply|(?:still\s+)?applies|is\s+(?:still\s+)?engaged"
    # "... does not extend to the scores; it has been applied only to the pricing"
    r"|(?:has\s+been|have\s+been|is|was)\s+(?:still\s+|only\s+)?applied)\s+(?:only\s+)?(?:to|for)\b"
)
_STILL_APPLIES = lazy(r"\s*" + _STILL_APPLIES_TO, re.I)
# The same in the clause after the limitation: "Section 43(2) does not extend to the tender
# scores, which are given in Appendix B; it has been applied only to the bidders' pricing".
_STILL_APPLIES_AFTER = lazy(
    r"(?:(?!\bsections?\b|\bregulations?\b|\bs\.\s?[0-9]|[.!?]\s).){0,160}?[;,]\s*"
    + _STILL_APPLIES_TO,
    re.I,
)
_CONSIDERED_WHETHER = lazy(r"\bconsider(?:ed|ing)?\s+(?:whether|if)\b", re.I)
_ENGAGED = lazy(r"\b(?:is|are|was|were|been)\s+(?:(?:clearly|therefore|also)\s+)?engaged\b", re.I)
_ANY_NOT = lazy(r"\b(?:not|no|n't|neither)\b", re.I)
# The provision is engaged but the information is released: "the public interest favours
# disclosure". Finite verbs only: "factors favouring disclosure" is a heading, not a finding.
_FAVOURS_RELEASE = lazy(
    r"\b(?:public\s+interest(?:\s+test)?|balance(?:\s+of\s+the\s+public\s+interest)?)\s+"
    r"(?:therefore\s+|clearly\s+|now\s+)?(?:favours|lies\s+in\s+favour\s+of|falls\s+in\s+favour"
    r"\s+of|is\s+in\s+favour\s+of|weighs\s+in\s+favour\s+of)\s+(?:the\s+)?(?:disclosure|release"
    r"|disclosing|releasing)"
    r"|\bpublic\s+interest\s+in\s+(?:the\s+)?(?:disclosure|disclosing|release|releasing)"
    r"(?:\s+(?:of\s+)?(?:the|this)\s+information)?\s+outweighs"
    # the statute's test the other way round (FOIA s.2(2)(b), EIR reg 12(1)(b)): "the public
    # interest in maintaining the exemption does not outweigh ...", "... is outweighed by ..."
    r"|\bpublic\s+interest\s+in\s+(?:maintaining|withholding)\s+(?:the|this|that)\s+(?:exemptions?"
    r"|exceptions?|information)\s+(?:(?:does|did)\s+not\s+outweigh|(?:is|was)\s+outweighed\s+by)\b",
    re.I,
)
_CONNECTIVE = lazy(r"^\s*(?:however|nevertheless|but)\b,?", re.I)  # about the sentence before
_PARTLY = lazy(r"\b(?:not|but|however|except|some|part|partly|parts|remainder|rest|other)\b", re.I)
# "Section 43(2) is engaged but the public interest favours disclosure": the word joining the
# finding to the balance keeps nothing back.
_JOINS_BALANCE = lazy(
    r"(?:[,;]\s*|\s+)(?:but|however|nevertheless|yet)\s*,?"
    r"(?:\s*(?:the|on\s+balance|in\s+(?:my|our)\s+view|overall),?)*\s*$",
    re.I,
)
# ... what follows the balance may: "..., so the report is released with the prices redacted"
_KEPT_IN_PART = lazy(r"\b(?:redact\w*|remain(?:s|ing)?|only|still|apart\s+from|save\s+for)\b", re.I)


# The balance still to be struck, not found: "we must assess whether the balance of public
# interest favours disclosing or withholding the information".
_BALANCE_ASKED = lazy(r"\b(?:whether|if)\s+(?:(?:or\s+not|the|of|on|balance|overall),?\s+)*$", re.I)
_OR_WITHHOLD = lazy(
    r"\s+(?:the\s+information\s+)?or\s+(?:withholding|withhold|non-?disclosure|maintaining"
    r"|not\s+(?:disclosing|releasing))\b",
    re.I,
)


def _favours_release(sentence: str) -> bool:
    """Whether the sentence finds that the public interest favours releasing the information,
    all of it: "However, the public interest favours disclosure", "Section 43(2) is engaged but
    the public interest favours disclosure, so the contract is released"."""
    found = _FAVOURS_RELEASE.search(sentence)
    if found is None or _BALANCE_ASKED.search(sentence, 0, found.start()):
        return False
    if _OR_WITHHOLD.match(sentence, found.end()):
        return False
    head = _JOINS_BALANCE.sub("", _CONNECTIVE.sub("", sentence[: found.start()], count=1))
    tail = sentence[found.end() :]
    return not any(_PARTLY.search(part) or _KEPT_IN_PART.search(part) for part in (head, tail))


# How far either side of a citation its context words are looked for.
_WINDOW = 200
_LIST_JOIN = lazy(r"^\s*(?:,|and|or|nor|&|/)?\s*(?:,|and|or|nor|&)?\s*$", re.I)
# Words that make a bare citation ("under section 23") an NCND response. A mere mention of "the
# duty to confirm or deny" (as in explanations of s.17) is not enough.
_NCND_WORDS = lazy(
    r"neither\s+confirm\w*\s+n?or\s+den\w*|\bNCND\b"
    r"|(?:cannot|can't|can\s+not|will\s+not|won't|does\s+not|do\s+not|unable\s+to|not\s+able\s+to"
    r"|not\s+(?:obliged|required)\s+to|refuses?\s+to|declines?\s+to)\s+confirm\s+or\s+deny"
    r"|duty\s+to\s+confirm\s+or\s+deny\s+(?:does\s+not|doesn't)\s+(?:arise|apply)"
    # the police template's harm test for grounds of not confirming: "consideration must be given
    # as to the harm that would be caused in confirming or not that the information is held"
    r"|\bharm\b[^.;]{0,60}?\bin\s+confirming\s+or\s+not\s+(?:that|whether)\s+(?:the\s+|any\s+)?"
    r"(?:requested\s+)?information\s+(?:is|was)\s+held"
    # an extension's "We are considering whether to confirm or deny we hold the information ...
    # under the exemptions at section 24 ...": the grounds weighed are for not confirming
    r"|\b(?:are|is|am)\s+(?:still\s+|now\s+|currently\s+)?(?:considering|deciding)\s+whether"
    r"\s+(?:or\s+not\s+)?to\s+confirm\s+or\s+deny",
    re.I,
)


@dataclass
class _Mention:
    regime: Regime
    parts: tuple[str, ...]
    entry: CatalogueEntry | None
    marker: NcndProvision | None
    position: tuple[int, int]
    block: int
    negated: bool
    ncnd_words: bool
    annex: bool
    ncnd_by_virtue: bool = False  # "neither confirm nor deny ... by virtue of section 31(1)(a)"
    aside: bool = False  # neither relied on nor rejected (_EXPLAINED)
    reported: bool = False  # what an earlier response said (_REPORTS_EARLIER_RESPONSE)


# The first condition of the personal-data exemption is cited beside it ("section 40(2) by
# virtue of section 40(3A)(a)") but is not a provision of its own: FOIA s.40(3A) is a condition
# of s.40(2), EIR reg 13(2A) of reg 13(1), FOISA s.38(2A) of s.38(1)(b); before the Data
# Protection Act 2018 the conditions were FOIA s.40(3), EIR reg 13(2) and FOISA s.38(2), which
# older notices cite ("section 40(2) by virtue of section 40(3)(a)(i)"). The other current
# conditions are kept as cited, since they make the exemption qualified (is_absolute reads them).
_CONDITIONS: dict[tuple[Regime, tuple[str, ...]], tuple[str, ...]] = {
    (Regime.FOIA, ("40", "3A")): ("40", "2"),
    (Regime.FOIA, ("40", "3")): ("40", "2"),
    (Regime.EIR, ("13", "2A")): ("13", "1"),
    (Regime.EIR, ("13", "2")): ("13", "1"),
    (Regime.FOISA, ("38", "2A")): ("38", "1", "b"),
    (Regime.FOISA, ("38", "2")): ("38", "1", "b"),
    # EIR reg 12(3) is no exception of its own: it sends the applicant's request for third
    # parties' personal data to reg 13 ("shall not be disclosed otherwise than in accordance
    # with regulation 13"), so "withheld under regulation 12(3)" relies on reg 13.
    (Regime.EIR, ("12", "3")): ("13",),
}


# The conditions of FOIA s.40(2) since the Data Protection Act 2018.
_FOIA_40_CONDITIONS = frozenset([("40", "3A"), ("40", "3B"), ("40", "4A")])


# FOIA s.40(2)(a) and (b), EIR reg 13(1)(a) and (b): the limbs of one exemption, not two.
_LIMBS: frozenset[tuple[Regime, tuple[str, ...]]] = frozenset(
    [(Regime.FOIA, ("40", "2")), (Regime.EIR, ("13", "1"))]
)

# Sections whose lettered paragraphs all sit in one subsection, for a citation that leaves the
# subsection out: "I have found s27 (b) to be engaged" is s.27(1)(b), "section 36(b)(ii)" is
# s.36(2)(b)(ii). Only where no other subsection of the section has lettered paragraphs of its
# own (FOIA s.31(2)'s purposes are definitions, never relied on); FOISA s.30(a)-(c) and s.41(a)-(b)
# are lettered at the top and stay as cited.
_PARAGRAPHS_IN: dict[tuple[Regime, str], str] = {
    **{(Regime.FOIA, section): "1" for section in ("22A", "26", "27", "29", "31", "35", "37")},
    **{(Regime.FOIA, section): "1" for section in ("38", "41", "44")},
    (Regime.FOIA, "36"): "2",
    **{(Regime.FOISA, section): "1" for section in ("29", "32", "35", "37", "38")},
}


def _paragraph_home(regime: Regime, parts: tuple[str, ...]) -> tuple[str, ...]:
    """ "27(b)" -> "27(1)(b)" where the section's paragraphs all live in one subsection."""
    if len(parts) < 2 or not (parts[1].isalpha() and parts[1].islower()) or parts[1] in _ROMAN:
        return parts
    home = _PARAGRAPHS_IN.get((regime, parts[0]))
    return (parts[0], home, *parts[1:]) if home else parts


# Subsections that define or qualify an exemption rather than exempt anything, cited beside it:
# "section 31(1)(g) by virtue of section 31(2)(a)" (the purposes), "s23(3)" (the list of
# security bodies), certificates (FOIA s.23(2), s.24(3), s.34(3)), the qualified person (s.36(5)),
# interpretation (s.26(2), s.27(3) and (5), s.28(2), s.30(5), s.32(4), s.35(2), (4) and (5),
# s.36(4), s.40(7)), and FOISA s.35(2), the purposes for s.35(1)(g). FOIA s.2 makes exempt only
# what the subsections conferring the exemption (or excluding the duty to confirm or deny) say.
_DEFINITIONS: frozenset[tuple[Regime, tuple[str, str]]] = frozenset(
    [(Regime.FOIA, ("23", sub)) for sub in ("2", "3", "4")]
    + [(Regime.FOIA, ("24", sub)) for sub in ("3", "4")]
    + [(Regime.FOIA, ("26", "2")), (Regime.FOIA, ("27", "3")), (Regime.FOIA, ("27", "5"))]
    + [(Regime.FOIA, ("28", "2")), (Regime.FOIA, ("30", "4")), (Regime.FOIA, ("30", "5"))]
    + [(Regime.FOIA, ("31", "2")), (Regime.FOIA, ("32", "4")), (Regime.FOIA, ("34", "3"))]
    + [(Regime.FOIA, ("35", sub)) for sub in ("2", "4", "5")]
    + [(Regime.FOIA, ("36", sub)) for sub in ("4", "5", "6", "7")]
    + [(Regime.FOIA, ("40", sub)) for sub in ("6", "7")]
    + [(Regime.FOISA, ("35", "2"))]
    # "aggregated under section 12(4)": the rule for adding requests together, not the refusal
    + [(Regime.FOIA, ("12", "4")), (Regime.FOIA, ("12", "5"))]
)


def _resolve(
    sentence: str,
    citation: _Citation,
    notice_regime: Regime,
    laws: _Laws,
    act_is_other: bool = False,
) -> list[tuple[Regime, tuple[str, ...], CatalogueEntry | None, NcndProvision | None]]:
    """The citation's items that are exemptions, exceptions or NCND provisions of our laws."""
    if citation.describes_range:
        return []
    instrument = _citation_instrument(sentence, citation, act_is_other)
    if citation.bare_act and not _AFTER_INSTRUMENT.match(sentence, citation.end):
        return []  # "under 12 (4) weeks", "under 18 (2 boys)": not a citation
    resolved = []
    # "one of the conditions in sections 40(3A) to (4A) is satisfied": the list of the
    # personal-data exemption's conditions, not one relied on (a notice names the one that is met)
    conditions = {parts[:2] for parts in citation.items if parts[:2] in _FOIA_40_CONDITIONS}
    for parts in citation.items:
        if len(conditions) > 1 and parts[:2] in conditions:
            parts = ("40", "2")
        regime = _citation_regime(citation, parts, instrument, notice_regime, laws)
        if regime is None:
            continue
        parts = _paragraph_home(regime, parts)
        if (regime, parts[:2]) in _DEFINITIONS:
            continue
        parts = _CONDITIONS.get((regime, parts[:2]), parts)
        if len(parts) > 2 and (regime, parts[:2]) in _LIMBS:
            parts = parts[:2]  # "Section 40(2)(a)(b)": the two limbs of one exemption
        text = format_provision(regime, parts)
        entry = lookup(regime, text)
        marker = None if entry else ncnd_provision(regime, text)
        if entry is not None or marker is not None:  # not s.1, s.17, s.50, reg 11 ...
            resolved.append((regime, parts, entry, marker))
    return resolved


# A section named with another Act and then again on its own: "Section 40 of the Crime and Courts
# Act 2013 ... urged the government to enact Section 40 rather than repeal it", "section 23(1) of
# the CRCA ... section 23 makes that information exempt". The bare section is the other Act's
# again, not the FOIA's, when nothing but the number is cited.
def _named_with_other_act(
    sentence: str,
    citation: _Citation,
    other_act: set[tuple[str, ...]],
    act_is_other: bool = False,
) -> bool:
    """Whether the citation is another Act's section, named with it now or before (and records
    the sections named with another Act in `other_act`)."""
    if not citation.items or citation.regulation or citation.bare:
        return False
    if _citation_instrument(sentence, citation, act_is_other) == _OTHER:
        other_act.update((item[0],) for item in citation.items)
        return True
    return _citation_instrument(sentence, citation, act_is_other) is None and all(
        len(item) == 1 and item in other_act for item in citation.items
    )


def _mentions(
    blocks: list[_Block], notice_regime: Regime, laws: _Laws, warnings: list[str]
) -> list[_Mention]:
    mentions: list[_Mention] = []
    citations_left = MAX_CITATIONS
    stopped = False
    other_act: set[tuple[str, ...]] = set()  # sections named with another Act (_named_with_...)
    act_is_other = False  # the notice has called another law "the Act" (_ACT_DEFINED)
    last_cited: list[_Mention] = []
    # what each provision was cited to withhold: "withheld the minutes under section 36(2)(c)"
    withheld_things: dict[str, list[_Mention]] = {}
    ncnd_notice = any(_CONFIRM_OR_DENY.search(block.text) for block in blocks if not block.quoted)
    for block in blocks:
        if stopped:
            break
        if block.quoted:
            continue
        # "... can neither confirm nor deny by virtue of the following exemptions:" over a list
        listed_grounds = _lists_ncnd_grounds(blocks, block)
        # "Exemptions considered but not applied:" over a list (in the block, or as its heading)
        rejected_list = bool(_NOT_APPLIED_HEADING.match(block.text)) or (
            block.index > 0
            and len(blocks[block.index - 1].text) < 80
            and bool(_NOT_APPLIED_HEADING.fullmatch(blocks[block.index - 1].text))
        )
        sentences = _sentences(block.text)
        block_last: tuple[list[_Mention], int] | None = None  # the block's last citation, its end
        for number, (offset, sentence) in enumerate(sentences):
            if stopped:
                break
            scanned = _scan_citations(sentence)
            if len(scanned) > citations_left:  # read this sentence's first few, then stop
                scanned = scanned[:citations_left]
                stopped = True
                warnings.append(
                    f"The notice cites more than {MAX_CITATIONS:,} provisions; only the first "
                    f"{MAX_CITATIONS:,} were read."
                )
            citations_left -= len(scanned)
            citations = [
                (citation, resolved)
                for citation in scanned
                if not _named_with_other_act(sentence, citation, other_act, act_is_other)
                and (resolved := _resolve(sentence, citation, notice_regime, laws, act_is_other))
            ]
            if "Act" in sentence and (defined := _act_names_another_law(sentence)) is not None:
                act_is_other = defined
            if citations:
                # "I have reviewed the application of regulation 12(4)(d). I have concluded that
                # this exception was wrongly engaged ... instead regulation 12(4)(b) should have
                # been": the words before the sentence's own citations drop the one cited last
                last = mentions[-1] if mentions else None
                before = sentence[: min(citation.start for citation, _ in citations)]
                if (
                    last is not None
                    and ("exce" in before or "exem" in before)
                    and _drops_that_exemption(before, last, block.index) == "one"
                    and _THAT_EXEMPTION_DROPPED.search(before)
                ):
                    named = [last] + [
                        earlier
                        for earlier in mentions
                        if len(last.parts) == 1
                        and earlier.regime is last.regime
                        and _is_prefix(last.parts, earlier.parts)
                    ]
                    mentions.extend(_dropped_again(named, (block.index, offset)))
                last_cited = []  # what this sentence cites, for "these sections" after it
            else:
                # "Section 43(2) does not apply to the total contract value. It does apply to the
                # unit rates": the exemption just limited is relied on after all
                last = mentions[-1] if mentions else None
                if (
                    last is not None
                    and last.negated
                    and last.block == block.index
                    and (still := _STILL_APPLIES.match(sentence))
                ):
                    # "These sections do apply to the storage locations": all the sentence cited
                    plural = bool({"these", "those", "they"} & set(still.group(0).lower().split()))
                    mentions.extend(
                        replace(earlier, position=(block.index, offset), negated=False, aside=False)
                        for earlier in (last_cited if plural else [last])
                        if earlier.negated
                    )
                elif last is not None and (
                    dropped := _drops_that_exemption(sentence, last, block.index)
                ):
                    # "... withheld under section 43(2). ... I have set that exemption aside."
                    # "We considered whether sections 22 and 43(2) applied. ... we do not
                    # consider that these sections apply": every one the sentence cited
                    named = last_cited if dropped == "many" else [last]
                    # "... for the purposes of section 36. The council should not have applied
                    # that exemption": section 36 as cited before, "36(2)(c)"
                    named += [
                        earlier
                        for earlier in mentions
                        if len(last.parts) == 1
                        and dropped == "one"
                        and earlier.regime is last.regime
                        and _is_prefix(last.parts, earlier.parts)
                    ]
                    mentions.extend(_dropped_again(named, (block.index, offset)))
                elif (
                    last is not None
                    and "withheld" in sentence
                    and last.block in (block.index, block.index - 1)
                    and _ALL_RELEASED.search(sentence)
                    and not _PART_KEPT.search(sentence)
                ):
                    # "... withheld the contract under section 43(2). ... The information withheld
                    # has now been released to you": all of it, so nothing the last citing
                    # sentence named is relied on any more
                    mentions.extend(_dropped_again(last_cited, (block.index, offset)))
                elif "prejudic" in sentence or "endanger" in sentence or "harm" in sentence:
                    # "I am not persuaded that disclosure now would prejudice anyone's commercial
                    # interests": a review rejecting the harm an exemption protects against, by
                    # the exemption's name, rejects that exemption (cited just before)
                    rejected = _harm_rejected(sentence, mentions, block.index)
                    mentions.extend(_dropped_again(rejected, (block.index, offset)))
                if (
                    withheld_things
                    and _RELEASE_WORD.search(sentence)
                    and not _REQUESTERS_VIEW.match(sentence)
                ):
                    # "... withheld the briefing note under section 35(1)(a). ... the briefing
                    # note should now be released": what was withheld under it, released
                    released_things = _things_released(sentence, withheld_things)
                    mentions.extend(_dropped_again(released_things, (block.index, offset)))
                continue
            # "Section 43(2) is engaged. However, the public interest favours disclosure."
            # "We have considered whether the contract is exempt under section 43(2). ... We have
            # concluded that the public interest favours disclosure": the rest of the paragraph.
            # "We consider that the exemption in section 43(2) is engaged because ... However, ...
            # The public interest in disclosure outweighs ...": the rest of the paragraph too.
            weighed = _CONSIDERED_WHETHER.search(sentence) or (
                "engaged" in sentence and _ENGAGED.search(sentence)
            )
            released = any(
                ("avour" in nearby or "utweigh" in nearby)  # cheap test before the pattern
                and _favours_release(nearby)
                for _, nearby in sentences[number : None if weighed else number + 2]
            )
            breaks = _clause_breaks(sentence)
            view = _REQUESTERS_VIEW.match(sentence)
            # "We do not confirm or deny whether we hold it. Section 31 applies.": a sentence
            # that opens with a bare section names the ground of the NCND sentence before it.
            ncnd_before = number > 0 and bool(
                ("onfirm" in sentences[number - 1][1] or "NCND" in sentences[number - 1][1])
                and _NCND_WORDS.search(sentences[number - 1][1])
            )
            # "As the following exemptions are qualified ..., consideration must also be given as
            # to the harm that would be caused in confirming or not that the information is held.
            # Section 30(1)(b) Investigations ...": the list run into the paragraph names the
            # grounds for not confirming, as a list under a colon does (_lists_ncnd_grounds)
            ncnd_list_before = ncnd_before and bool(
                _FOLLOWING_GROUNDS.search(sentences[number - 1][1])
            )
            hypothetical = ("if" in sentence or "If" in sentence or "hould" in sentence) and bool(
                _HYPOTHETICAL.search(sentence)
            )
            paraphrase = _DUTY_WHERE.search(sentence) if "duty" in sentence else None
            # "We responded to your request confirming that the information is being withheld
            # under regulation 12(4)(d)": the earlier response, as a review tells its history
            reported = bool(
                ("espon" in sentence or "repl" in sentence or "told" in sentence)
                and _REPORTS_EARLIER_RESPONSE.search(sentence)
            )
            # advice about a request not yet made: "if you ask for the details, section 40(2)
            # might apply"
            advice = bool(_FUTURE_REQUEST.search(sentence) and _MIGHT_APPLY.search(sentence))
            # the requester's own condition: "If it is not possible to provide the information
            # due to the cost of compliance limits identified in Section 12, please provide
            # advice and assistance, under the Section 16 obligations of the Act"
            advice = advice or bool(
                sentence[:3].lower() == "if " and _IF_THEN_PLEASE.match(sentence)
            )
            # ... or their instruction: "Given the nature of these documents, I would ask that
            # you do not refuse disclosure but redact anything at odds with Section 31"
            advice = advice or bool(" you" in sentence and _I_ASK_YOU.match(sentence))
            # ... or their report of the reliance: "You have, however, withheld the report, saying
            # that it falls under section 43(2)"
            advice = advice or bool("you" in sentence[:24].lower() and _YOU_RELIED.match(sentence))
            # the requester's question, restated in a reply asking what it means: "2) How many
            # FOI Section 40(1) exemptions did you employ during this period?"
            # (the layout may have cut a wrapped question from its last line, so a sentence
            # opening "How many" asks without its question mark)
            asked = _OPENS_HOW_MANY.match(sentence) and _ASKED_OF_YOU.search(sentence)
            if "?" in block.text[offset : offset + len(sentence) + 400]:
                asked = asked or (
                    _ENDS_IN_QUESTION.match(block.text, offset) and _ASKS_HOW_OFTEN.search(sentence)
                )
            advice = advice or bool(asked)
            # a regulator's or a court's finding: "in decision notice IC-219876-K3L2 the
            # Information Commissioner upheld another force's reliance on section 24(1)"
            finding = _FINDING.search(sentence)
            # what became of another request: "Your previous request (FOI2025/09981) was refused
            # under section 12"
            other_request = _EARLIER_REQUEST.search(sentence)
            # "Thank you for your request of 8 January asking how many files were kept back under
            # sections 27 and 35": what the request is about, not what this reply relies on
            thanked = _THANKS_FOR_REQUEST.match(sentence)
            if thanked and _REFUSED_IN_THANKS.search(sentence):
                thanked = None
            if other_request and not _EARLIER_OUTCOME.search(sentence, other_request.end()):
                other_request = None
            # "If we did hold such a list, the names would be exempt under section 40(2)": not
            # held (unless the notice neither confirms nor denies holding something)
            unheld = (
                _IF_WE_HELD.search(sentence) if "held" in sentence or "hold" in sentence else None
            )
            if unheld and ncnd_notice:
                # "We neither confirm nor deny that we hold it. If we held it, it would be exempt
                # under section 40(2)": in a paragraph that neither confirms nor denies (or after
                # one), what would apply if it were held is the ground, as "if held" is
                hypothetical = hypothetical or any(
                    _NCND_WORDS.search(blocks[near].text) and not blocks[near].quoted
                    for near in (block.index - 1, block.index)
                    if near >= 0
                )
                unheld = None
            previous: tuple[_Citation, bool] | None = None
            previous_aside = False
            ncnd_phrases = (
                [found.end() for found in _NCND_WORDS.finditer(sentence)]
                if "onfirm" in sentence or "NCND" in sentence
                else []
            )
            attached = False  # the previous citation is the one the NCND phrase names
            previous_mentions: list[_Mention] = []
            for citation, resolved in citations:
                attached = (
                    listed_grounds
                    or hypothetical
                    or (ncnd_list_before and citation.start <= 3 and previous is None)
                    or _names_ncnd_ground(sentence, citation, ncnd_phrases, previous, attached)
                )
                start, end = _clause_bounds(breaks, len(sentence), citation.start)
                before_citation = sentence[max(start, citation.start - 120) : citation.start]
                joined = previous is not None and bool(
                    _LIST_JOIN.match(sentence[previous[0].end : citation.start])
                )
                aside = (
                    (joined and previous_aside)
                    or bool(
                        _EXPLAINED.search(sentence, max(start, citation.start - 60), citation.start)
                    )
                    or bool(_SEE_THE_ACT.fullmatch(sentence, start, citation.start))
                )
                previous_aside = aside
                disputed = view is not None and start == 0
                # "You said you expected us to refuse under section 40(2)": their guess
                aside = aside or (disputed and bool(_GUESSED.search(sentence, 0, citation.start)))
                negated = rejected_list or (
                    not disputed
                    and (released or _is_negated(sentence, citation, start, end))
                    and not _STILL_APPLIES_AFTER.match(sentence, citation.end)
                )
                # a Scottish request moved to the EIRs: the FOISA exemptions of the first
                # response, named as what it did
                negated = negated or (
                    laws.scottish_eir
                    and all(
                        regime is Regime.FOISA and parts[0] != "39"
                        for regime, parts, _, _ in resolved
                    )
                    and _EARLIER_RESPONSE_BEFORE.search(before_citation) is not None
                    and not _STILL_KEPT.match(sentence, citation.end)
                )
                # "we have not applied section 40(2) to the names of senior staff": the scope of
                # an exemption relied on elsewhere, not a rejection of it
                if negated and not rejected_list and _SCOPE_LIMITED.match(sentence, citation.end):
                    negated, aside = False, True
                # "This duty does not apply where the information, if held, would be exempt
                # under section 23(1)": the NCND provision explained in the statute's words
                aside = (
                    aside
                    or advice
                    or (other_request is not None and citation.start > other_request.start())
                    or bool(
                        "equest" in sentence and _RELIED_ON_FOR_OTHERS.match(sentence, citation.end)
                    )
                    or (finding is not None and citation.start > finding.end())
                    # "Section 40(2) would normally apply to the names, but the staff consented"
                    or bool(_USUALLY_APPLIES.match(sentence, citation.end))
                    or bool(_CAN_BE_USED.match(sentence, citation.end))
                    or bool(_POINTS_BACK.match(sentence, citation.end))
                    # "Section 30(3) Investigations (by virtue of Section 30(2))": the class of
                    # information the neither-confirm-nor-deny subsection just cited borrows
                    or (
                        previous is not None
                        and "irtue" in before_citation
                        and _BORROWED_CLASS.search(
                            sentence, max(previous[0].end, citation.start - 60), citation.start
                        )
                        is not None
                        and all(
                            any(_borrows_from(mention, item) for mention in previous_mentions)
                            for item in citation.items
                        )
                    )
                    or (
                        ("atters" in before_citation or "nterests" in before_citation)
                        and _MATTERS_IN.search(before_citation) is not None
                    )
                    or (
                        all(item[0] == "39" for item in citation.items)
                        and _EXEMPTS_ENVIRONMENTAL.match(sentence, citation.end) is not None
                    )
                    or (
                        "ualified" in before_citation
                        and _QUALIFIED_PERSON_BEFORE.search(before_citation) is not None
                        and not all(item[0] == "36" for item in citation.items)
                    )
                    # "Section 40(5B) sets out when the duty to confirm or deny does not arise"
                    or bool(_SETS_OUT.match(sentence, citation.end))
                    # "There is a separate exemption in section 38 of FOISA"
                    or (
                        "here" in before_citation
                        and _SEPARATE_EXEMPTION_BEFORE.search(before_citation) is not None
                        and not _APPLIED_BY_US_AFTER.match(sentence, citation.end)
                    )
                    # "Section 30(1) states that: ..." under a reply citing section 30(3):
                    # quoted to explain a section already cited, not relied on beside it. A
                    # subsection quoted after its section was cited only bare ("exempt under
                    # section 31 ... Section 31(1)(a) of the Act states: ...") says which limb
                    # is relied on, and refines the bare section.
                    or (
                        _QUOTES_ITS_WORDS.match(sentence, citation.end) is not None
                        and all(
                            any(
                                mention.parts[0] == item[0]
                                and (len(item) < 2 or _cited_beyond_bare(mention))
                                for mention in mentions
                            )
                            for item in citation.items
                        )
                    )
                    # a statistic about other requests: "Section 31 was applied to 96 requests
                    # in 2024", "we refused 45 requests under section 12"
                    or bool(_COUNTED_AFTER.match(sentence, citation.end))
                    or bool(
                        _COUNTED_BEFORE.search(
                            sentence, max(start, citation.start - 80), citation.start
                        )
                    )
                    or bool(
                        "uthorit" in sentence
                        and _ANY_AUTHORITY_MAY_NOT.search(
                            sentence, max(start, citation.start - 120), citation.start
                        )
                    )
                    or (paraphrase is not None and citation.start > paraphrase.start())
                    or (unheld is not None and citation.start > unheld.start())
                    or (thanked is not None and citation.start > thanked.end())
                )
                if previous and previous[1]:
                    # "we have not applied section 43 or section 41"
                    negated = negated or bool(
                        _LIST_JOIN.match(sentence[previous[0].end : citation.start])
                    )
                if (
                    negated
                    and previous
                    and not previous[1]
                    and _LIST_JOIN.match(sentence[previous[0].end : citation.start])
                    and (
                        _NEGATION_AFTER.match(
                            sentence[citation.end : min(end, citation.end + _WINDOW)]
                        )
                        # "sections 36 and 41 may also apply, although we do not rely on them"
                        or (
                            (them := _NOT_APPLIED_IT.match(sentence, citation.end)) is not None
                            and them.group("them") is not None
                        )
                    )
                ):
                    for earlier in previous_mentions:  # the negation follows the whole list
                        earlier.negated = True
                previous = (citation, negated)
                window = sentence[
                    max(start, citation.start - _WINDOW) : min(end, citation.end + _WINDOW)
                ]
                lowered = window.lower()
                ncnd_words = (ncnd_before and citation.start <= 3) or (
                    ("confirm" in lowered or "ncnd" in lowered) and bool(_NCND_WORDS.search(window))
                )
                previous_mentions = [
                    _Mention(
                        regime=regime,
                        parts=parts,
                        entry=entry,
                        marker=marker,
                        position=(block.index, offset + citation.start),
                        block=block.index,
                        negated=negated,
                        ncnd_words=ncnd_words,
                        annex=block.annex,
                        ncnd_by_virtue=attached,
                        aside=aside,
                        reported=reported,
                    )
                    for regime, parts, entry, marker in resolved
                ]
                mentions.extend(previous_mentions)
                last_cited.extend(previous_mentions)
                block_last = (previous_mentions, offset + citation.end)
                if "withh" in sentence and (thing := _WITHHELD_THING.search(before_citation)):
                    name = thing.group("thing").lower()
                    withheld_things.setdefault(name, []).extend(previous_mentions)
        # "Section 31" over the Act's words with limbs (a), (b) and (g) only: those limbs
        if block_last is not None and len(block_last[0]) == 1 and block_last[0][0] is mentions[-1]:
            cited = block_last[0][0]
            if cited.entry is not None and not (cited.negated or cited.aside or cited.reported):
                for parts in _quoted_limbs(blocks, block, cited, block_last[1]):
                    text = format_provision(cited.regime, parts)
                    entry = lookup(cited.regime, text)
                    if entry is not None and (cited.regime, parts[:2]) not in _DEFINITIONS:
                        mentions.append(replace(cited, parts=parts, entry=entry))
    return mentions


# The Act quoted in part under the authority's own citation of a section or subsection: "The
# exemption I am considering is: Section 36(2) - Information ... is exempt information if ... (b)
# would ... inhibit (i) ... (ii) ...", or a heading "Section 31" over "(1) Information which ... (a)
# ... (b) ... (g) ...". When the limbs quoted are a selection (they do not run from (a) without a
# gap), they are the limbs the authority relies on, and refine the citation; the Act quoted whole
# ("(a) ..., or (b) ...") leaves it as cited. A later subsection ("(2) The purposes referred to in
# subsection (1)(g) ...") ends the quotation, as does a line that starts a sentence of its own.
_LIMB_MARKER = lazy(r"^\s*\(\s*(?P<marker>[0-9]{1,2}[A-Z]?|[a-z]{1,4})\s*\)")
_MOST_QUOTED_LINES = 30


def _lines_after(blocks: list[_Block], block: _Block, position: int) -> list[str]:
    """The lines after a citation at this offset of its block: the rest of its block, then the
    paragraphs after it."""
    lines: list[str] = []
    start = 0
    for line in block.lines:
        if lines or (start > position and _LIMB_MARKER.match(line)):
            lines.append(line)
        start += len(line) + 1
    for later in blocks[block.index + 1 :]:
        if later.annex or len(lines) > _MOST_QUOTED_LINES:
            break
        lines.extend(later.lines)
    return lines[:_MOST_QUOTED_LINES]


def _quoted_limbs(
    blocks: list[_Block], block: _Block, mention: _Mention, end_of_citation: int
) -> list[tuple[str, ...]]:
    """The limbs of the cited provision the authority quotes below its citation, if a selection."""
    rest = block.text[end_of_citation:]
    if len(mention.parts) > 2 or not (
        _STATUTE_WORDS.search(rest) or (len(block.text) <= 80 and not rest.rstrip().endswith("."))
    ):
        return []
    section = mention.parts[0]
    subsection = mention.parts[1] if len(mention.parts) > 1 else None
    letter: str | None = None
    letters: list[str] = []
    paths: list[tuple[str, ...]] = []
    for line in _lines_after(blocks, block, end_of_citation):
        marker = _LIMB_MARKER.match(line)
        if marker is None:
            if not paths and subsection is None:
                return []
            if line[:1].islower() or _STATUTE_WORDS.search(line):
                continue  # the limb's sentence runs on: "information if its disclosure ..."
            break
        token = marker.group("marker")
        if token[0].isdigit():
            if subsection is None and not letters:
                subsection = token
            elif token != subsection or letters:
                break
        elif letter is not None and token in _ROMAN and (token, letter) != ("i", "h"):
            paths.append((section, subsection or "", letter, token))
        elif len(token) == 1 and subsection is not None:
            letter = token
            letters.append(token)
            paths.append((section, subsection, token))
        else:
            break
    expected = [chr(ord("a") + n) for n in range(len(letters))]
    if not letters or letters == expected:
        return []  # nothing quoted, or the whole run from (a): the Act explained, not a choice
    return [path for path in paths if not any(o != path and o[: len(path)] == path for o in paths)]


# A sentence telling what an earlier response said: "We responded to your request confirming
# that ...", "Our original response stated that ...", "You were told that ...". A review's history
# of the request: it does not undo the review's own finding against a provision (_tally).
_REPORTS_EARLIER_RESPONSE = lazy(
    r"\b(?:we|I|the\s+\w+)\s+(?:responded|replied)\s+(?:to\s+(?:you|your\s+(?:\w+\s+)?request)\s+)?"
    r"(?:on\s+[^,;.]{1,30}?\s+)?,?\s*(?:confirming|stating|saying|explaining|advising|informing\s+you)"
    r"\s+that\b"
    r"|\b(?:our|the|its|their)\s+(?:original|initial|first|earlier)\s+(?:response|reply|decision)"
    r"\s+(?:of\s+[^,;.]{1,30}?\s+)?(?:confirmed|stated|said|explained|advised)\s+that\b"
    r"|\byou\s+were\s+(?:told|informed|advised)\s+that\b",
    re.I,
)


# What a citation withholds, named before it: "The original response withheld the minutes under
# section 36(2)(c) and the briefing note under section 35(1)(a)".
_WITHHELD_THING = lazy(
    r"(?:\bwithh[eo]ld(?:ing)?|\band|,)\s+(?:the|its|their|our)\s+(?P<thing>(?:[\w'-]+\s+){0,3}?"
    r"[\w'-]{3,})\s+(?:under|by\s+virtue\s+of|in\s+reliance\s+on)\s*$",
    re.I,
)
_RELEASE_WORD = lazy(r"releas|disclos|enclos|provided", re.I)
# (not "the report will be published in July": what section 22 is about)
_RELEASED_AFTER = (
    r"\s+(?:should\s+(?:now\s+)?(?:be|have\s+been)|(?:has|have)\s+(?:now\s+)?been|(?:is|are)\s+"
    r"now(?:\s+being)?)\s+(?:released|disclosed|provided|enclosed)\b"
)


def _things_released(sentence: str, withheld: dict[str, list[_Mention]]) -> list[_Mention]:
    """The mentions whose withheld thing the sentence says is (to be) released, all of it."""
    released = []
    for thing, cited in withheld.items():
        if thing not in sentence.lower():
            continue
        found = re.search(
            r"\b(?:the|this|that|these|those)\s+" + re.escape(thing) + _RELEASED_AFTER,
            sentence,
            re.I,
        )
        # not "the report is released with the names redacted"
        if found is not None and not _PART_KEPT.search(sentence, found.start()):
            released.extend(cited)
    return released


# A sentence that drops the exemption cited last without naming it again: "I have set that
# exemption aside", "This exemption is therefore withdrawn". Only "that" or "this" exemption:
# "the exemption does not apply to the totals" limits one, it does not drop it.
_THAT_EXEMPTION_DROPPED = lazy(
    r"\b(?:set|put)\s+(?:that|this)\s+(?:exemption|exception)\s+aside\b"
    # "The council should not have applied that exemption"
    r"|\b(?:should|ought)\s+not\s+(?:to\s+)?have\s+(?:applied|relied\s+(?:up)?on|used|cited|claimed)\s+"
    r"(?:that|this)\s+(?:exemption|exception)\b"
    r"|\b(?:withdr[ae]wn?|withdrawing|dropped|dropping|removed|removing|overturned|overturning)\s+"
    r"(?:that|this)\s+(?:exemption|exception)\b"
    r"|\b(?:that|this)\s+(?:exemption|exception)\s+(?:(?:is|was|has\s+been|have\s+been)\s+"
    r"(?:therefore\s+|now\s+|accordingly\s+)?(?:withdrawn|set\s+aside|not\s+engaged|no\s+longer\s+"
    r"(?:relied|applied|engaged|maintained))|(?:does|did)\s+not\s+apply(?!\s+to\b)"
    r"|no\s+longer\s+applies"
    # "the report has now been published, and that exemption can no longer apply"
    r"|(?:can|could)\s+(?:therefore\s+|now\s+)?no\s+longer\s+apply(?!\s+to\b)"
    r"|cannot\s+(?:therefore\s+|now\s+)?apply(?!\s+to\b))\b"
    # "I have concluded that this exception was wrongly engaged", "that exemption had been
    # applied in error"
    r"|\b(?:that|this)\s+(?:exemption|exception)\s+(?:was|were|had\s+been|has\s+been)\s+"
    r"(?:(?:wrongly|incorrectly|mistakenly|inappropriately|erroneously|improperly)\s+"
    r"(?:engaged|applied|used|cited|relied\s+(?:up)?on|claimed)"
    r"|(?:engaged|applied|used|cited|relied\s+(?:up)?on|claimed)\s+(?:wrongly|incorrectly"
    r"|mistakenly|inappropriately|erroneously|improperly|in\s+error|by\s+mistake))\b",
    re.I,
)
# "I do not think the council should not have applied that exemption": a double negation
_NOT_JUST_BEFORE = lazy(r"(?:\bnot|n't|\bnever)\s+(?:[\w']+\s+){0,4}$", re.I)
# Other words for the provisions cited last, as the subject of a finding that they do not apply:
# "It is not engaged, because ...", "the exemption is therefore not engaged", "I do not consider
# that it continues to apply", "we do not consider that these sections apply". The subject opens
# the sentence or a clause, and the verb has no object ("it does not apply to the totals" limits
# the exemption; "it does not apply the public interest test" is about the test).
_PLURAL = frozenset(["they", "sections", "exemptions", "exceptions", "provisions", "regulations"])
_NO_OBJECT = r"\b(?!\s+(?:to|for|in|as\s+regards|the|a|an|any|public)\b)"
_SUBJECT = r"(?:it|the\s+exemption|the\s+exception|they|(?:these|those|both|the)\s+(?:two\s+)?"
_SUBJECT += r"(?:sections|exemptions|exceptions|provisions|regulations))"
# "It is not engaged", "the exemption does not apply", "these sections no longer apply"
_FOUND_AGAINST = (
    r"(?:(?:is|are|was|were)\s+(?:therefore\s+|thus\s+|now\s+|accordingly\s+)?(?:not|no\s+longer)"
    r"\s+engaged|(?:does|do|did)\s+not\s+(?:therefore\s+)?apply|no\s+longer\s+appl(?:y|ies))"
)
# "I do not consider that it continues to apply", "we do not think these sections apply"
_FOUND_FOR = (
    r"(?:(?:is|are|was|were)\s+(?:still\s+)?engaged|applies|apply|applied"
    r"|continues?\s+to\s+apply)"
)
_PRONOUN_DROPPED = lazy(
    r"(?:(?:^\W*(?:(?:however|but|in\s+my\s+view|in\s+our\s+view|on\s+reflection|therefore),?\s+)?"
    r"|[,;]\s+(?:and\s+|so\s+)?|\b(?:concluded|decided|found|satisfied|find|conclude)\s+that\s+)"
    + _SUBJECT
    + r"\s+"
    + _FOUND_AGAINST
    + r"|\b(?:do|does|did)\s+not\s+(?:consider|think|believe|accept|find)\s+(?:that\s+)?"
    + _SUBJECT
    + r"\s+"
    + _FOUND_FOR
    + r")"
    + _NO_OBJECT,
    re.I,
)


# A finding that disclosure would cause no harm of the kind an exemption protects against.
_NO_HARM = lazy(
    r"\b(?:not|n't)\s+(?:\w+\s+){0,2}?(?:persuaded|satisfied|convinced|consider|accept|believe"
    r"|think|find)\s+(?:that\s+)?[^.;]{0,120}?\b(?:would|could|will|is\s+likely\s+to)\s+"
    r"(?:now\s+|still\s+)?(?:be\s+likely\s+to\s+)?(?:prejudice|harm|damage|endanger|undermine)\b"
    r"(?P<object>[^.;]{0,100})",
    re.I,
)


def _dropped_again(named: list[_Mention], position: tuple[int, int]) -> list[_Mention]:
    """The provisions a later sentence drops without naming them, as mentions at that sentence
    (the last word on a provision wins)."""
    return [
        replace(earlier, position=position, negated=True, aside=False)
        for earlier in named
        if not (earlier.negated or earlier.aside or earlier.annex)
    ]


# What was withheld, all of it, released since: "The information withheld has now been released".
_ALL_RELEASED = lazy(
    r"^\W{0,3}(?:[\w,]+\s+){0,8}?(?:the|all)\s+(?:of\s+the\s+)?(?:information|material|documents?"
    r"|data|details|records?|report|contract|figures)\s+(?:previously\s+|originally\s+|initially\s+)?"
    r"withheld\s+(?:(?:has|have)\s+(?:now\s+)?been\s+|(?:is|are)\s+(?:now\s+)?(?:being\s+)?)"
    r"(?:released|disclosed|provided|enclosed|sent)\b",
    re.I,
)
# ... or some of it kept back: "The prices remain withheld", "with the names redacted".
_PART_KEPT = lazy(
    r"\b(?:some|part|parts|partly|except|other\s+than|apart\s+from|save\s+for|however|but|redact\w*"
    r"|remain(?:s|ing)?|still|only|rest|remainder)\b",
    re.I,
)


def _harm_rejected(sentence: str, mentions: list[_Mention], block: int) -> list[_Mention]:
    """The provisions cited in this paragraph or the two before whose interest (the catalogue's
    title: "commercial interests", "national security") the sentence finds would not be harmed
    (all of what they covered: not "the total ..., but the unit rates remain withheld")."""
    found = _NO_HARM.search(sentence)
    if (
        found is None
        or _PART_KEPT.search(sentence, found.start("object"))
        or _REQUESTERS_VIEW.match(sentence)  # "You do not accept that disclosure would harm ..."
    ):
        return []
    harmed = found.group("object").lower()
    rejected = []
    for earlier in reversed(mentions):
        if earlier.block < block - 2:
            break
        if (
            earlier.entry is not None
            and not (earlier.negated or earlier.aside or earlier.annex)
            and earlier.entry.title.lower() in harmed
        ):
            rejected.append(earlier)
    return rejected[::-1]


def _drops_that_exemption(sentence: str, last: _Mention, block: int) -> str | None:
    """Whether a sentence citing nothing drops the provision cited last, in this paragraph or
    the one before: "I have set that exemption aside" ("one"), or every provision the last
    citing sentence named: "these sections do not apply" ("many")."""
    if last.negated or last.aside or last.annex or last.block not in (block, block - 1):
        return None
    pronoun = _PRONOUN_DROPPED.search(sentence)
    if pronoun is not None and not _NOT_JUST_BEFORE.search(sentence, 0, pronoun.start()):
        words = set(pronoun.group(0).lower().split())
        # "they" names what was withheld as often as the provisions: only "they are not engaged"
        if "they" in words and "engaged" not in words:
            return None
        if words & _PLURAL:
            return "many"
        # "it" and "the exemption" name one cited in the same paragraph: a paragraph of its own
        # ("Names of contract managers: ... The exemption no longer applies") may be about
        # another provision than the one cited last
        return "one" if last.block == block else None
    if "exce" not in sentence and "exem" not in sentence:
        return None  # cheap test before the pattern
    found = _THAT_EXEMPTION_DROPPED.search(sentence)
    if found is not None and not _NOT_JUST_BEFORE.search(sentence, 0, found.start()):
        return "one"
    return None


_CONFIRM_OR_DENY = lazy(r"\bconfirm\w*\s+(?:or|nor)\s+den\w*|\bNCND\b", re.I)
_IF_WE_HELD = lazy(
    r"\bif\s+(?:we|I|it|the\s+(?:council|trust|board|force|department|university|college|authority"
    r"|ministry|service))\s+(?:did\s+hold|held|had\s+held|were\s+to\s+hold|did\s+have|had)\b"
    r"|\b(?:had|were)\s+we\s+(?:held|to\s+hold|had)\b",
    re.I,
)
_FUTURE_REQUEST = lazy(
    r"\bif\s+you\s+(?:were\s+to\s+|then\s+|later\s+)?(?:ask|request|narrow|refine|submit|make|resubmit"
    r"|send|reduce|limit)\w*\b|\b(?:a|any|your)\s+(?:new|future|refined|narrowed|further|revised)"
    r"\s+request\b",
    re.I,
)
# A sentence that is the requester's conditional instruction: "If ... , please ...", "If ...,
# could you ...", "If ..., I would be grateful if you would ...".
_IF_THEN_PLEASE = lazy(
    r"^if\b[^.;?]{0,300}?,\s*(?:then\s+)?(?:(?:please|kindly)(?!\s+(?:note|be\s+aware|see|refer"
    r"|find|accept))|could\s+you|can\s+you|would\s+you"
    r"|I\s+would\s+(?:be\s+grateful|appreciate|ask|like|request))\b",
    re.I,
)
# The requester asking the authority to do something: "I would ask that you ...", "I ask you to
# ...", after an opening clause ("Given the nature of some of these documents, ...").
_I_ASK_YOU = lazy(
    r"^(?:(?:given|as|because|since|in\s+view\s+of)\b[^.;?]{0,200}?,\s*)?I\s+(?:would\s+|do\s+)?"
    r"(?:ask|request|urge)\s+(?:that\s+)?you\b(?!\s+(?:to\s+)?(?:note|be\s+aware|see|refer|read"
    r"|contact|let))",
    re.I,
)
_MIGHT_APPLY = lazy(
    r"\b(?:might|may|could|would|will)\s+(?:well\s+|also\s+|still\s+)?(?:be\s+likely\s+to\s+)?"
    r"(?:apply|engage|be\s+(?:engaged|applied|relevant|used|considered|exempt))\b",
    re.I,
)
_NOT_APPLIED_HEADING = lazy(
    r"^\W{0,3}(?:exemptions?|exceptions?|sections?|regulations?|provisions?)\s+(?:that\s+(?:were|was"
    r"|have\s+been)\s+)?(?:(?:considered|reviewed|assessed)\s*(?:,|\bbut\b|\band\b)?\s*)?not\s+"
    r"(?:applied|used|relied\s+(?:up)?on|engaged|applicable)\s*[:\-\u2013]",
    re.I,
)
# The duty to confirm or deny explained in the statute's own terms ("does not arise if ...").
_DUTY_WHERE = lazy(
    r"\bduty\b[^.]{0,80}?\b(?:does\s+not|doesn't|do\s+not|will\s+not|need\s+not)\s+(?:apply|arise)"
    r"\s+(?:where|if|when|to\s+the\s+extent\s+that|in\s+(?:cases|circumstances)\s+where)\b",
    re.I,
)
# A regulator's or a court's finding in another case, and what became of another request: about
# them, not about this notice.
_USUALLY_APPLIES = lazy(
    r"\s*(?:\([^()]{0,60}\)\s*)?(?:would|will|does|do|can|could|may|might)\s+(?:normally|ordinarily"
    r"|usually|generally|typically|often)\s+(?:apply|be\s+engaged|cover)\b",
    re.I,
)
_SETS_OUT = lazy(
    r"\s*(?:\([^()]{0,60}\)\s*)?(?:of\s+the\s+(?:[A-Z]\w*\s+){1,6}(?:Act|Regulations)(?:\s+[0-9]{4})?\s+)?"
    r"(?:sets\s+out|explains|describes|defines|lists"
    # "For ease of reference S42 FOI is reproduced in the appendix below": the provision's text
    # copied out, not a reliance on it
    r"|(?:(?:of\s+the\s+)?(?:FOIA?|FOISA|EIRs?|Act)\s+)?(?:is|are)\s+(?:(?:also|again)\s+)?(?:reproduced|quoted"
    r"|copied\s+(?:out|below|in)|set\s+out\s+in\s+full)\b"
    # "Sections 23 and 24 of the Act are the security exemptions": what they are, not their use
    r"|(?<=\s)(?:of\s+the\s+(?:(?:[A-Z]\w*|of|and)\s+){1,6}Act,?(?:\s+[0-9]{4})?"
    r"(?:\s+\([^()]{0,20}\))?\s+)?are\s+(?:the|both)\s+(?:[\w-]+\s+){0,6}?exemptions\b(?!\s+(?:we|that|which|relied|applied"
    r"|engaged|used|cited|being|in\s+question))"
    # "Section 42(2) also allows a public authority to neither confirm nor deny": what the Act
    # lets any authority do (not "allows us to withhold", the authority's own reason)
    r"|(?:also\s+)?(?:allows|permits|enables|entitles)\s+(?:an?|any|public)\s+(?:public\s+)?"
    r"authorit(?:y|ies)\b"
    # what a section is, quoted: "Freedom of Information Act 2000 Section 40(1) is referring to
    # 'Any information ...'", "in FOISA Section 40 is 'Audit functions'"
    r"|(?:is\s+referring|refers)\s+to\s*[\u2018'\"\u201c]"
    r"|is\s+[\u2018'\"\u201c][A-Z][^\u2018\u2019'\"\u201c\u201d]{0,60}[\u2019'\"\u201d])"
)
# A question about the authority's own use of the Act, as the request asked it and a reply
# repeats it: "How many section 40(1) exemptions did you employ in 2016?". Only a sentence that
# asks (it ends in a question mark, even wrapped onto the next line).
_ASKED_OF_YOU = lazy(
    r"\b(?:did|do|have|has|does)\s+(?:you|your\s+(?:council|authority|organisation|force"
    r"|department))\s+(?:ever\s+)?(?:employ|appl|use|cite|rel[yi]|invok|claim)",
    re.I,
)
_ASKS_HOW_OFTEN = lazy(r"\bhow\s+(?:many|often)\b|" + _ASKED_OF_YOU.pattern, re.I)
_ENDS_IN_QUESTION = lazy(r"[^.?!;]{0,400}\?")
_OPENS_HOW_MANY = lazy(r"\W{0,3}(?:[0-9]{1,2}[.)]\s*|[a-z][.)]\s+)?how\s+(?:many|often)\b", re.I)
# The provision named to quote its words: "I will explain ... the application of section 30 of
# FOIA: Section 30(1) states that: “Information held by a public authority is exempt ...". The
# colon ends the authority's sentence; what follows is the Act. Counted as an aside only when the
# same section was cited earlier in the notice (its NCND subsection, or the section bare).
_QUOTES_ITS_WORDS = lazy(
    r"(?:\s+of\s+(?:the\s+)?(?:act|foia|fois?a|eirs?|regulations)(?:\s+[0-9]{4})?)?\s+(?:states"
    r"|provides|reads|says)(?:\s+(?:that|as\s+follows))?\s*:",
    re.I,
)
# The provision named for who the qualified person is: "the opinion of the College's Qualified
# Person (under section 35 of the Act)" names where the role comes from (rightly s.36(5), here
# mistaken), not an exemption relied on. Section 36 itself, named so, is the exemption the
# opinion engages.
_QUALIFIED_PERSON_BEFORE = lazy(
    r"\bqualified\s+person(?:'s|\u2019s)?\s*\(\s*(?:(?:as\s+)?(?:defined\s+|designated\s+"
    r"|appointed\s+|set\s+out\s+)?(?:under|in|by|at|for)\s+(?:the\s+purposes\s+of\s+)?)?$",
    re.I,
)
# Another regime's counterpart named to explain the one applied: "Regulation 11 covers personal
# data which also falls within the definition of environmental information. There is a separate
# exemption in section 38 of the Freedom of Information (Scotland) Act". That such an exemption
# exists is not a reliance on it ("There is an exemption in section 38 which we have applied to
# the names" is one).
_SEPARATE_EXEMPTION_BEFORE = lazy(
    r"\bthere\s+(?:is|are|exists?)\s+(?:also\s+)?(?:an?\s+|another\s+)?(?:separate|similar"
    r"|equivalent|parallel|corresponding|distinct|different)\s+(?:exemptions?|exceptions?"
    r"|provisions?)\s+(?:in|at|under|within)\s+$",
    re.I,
)
_APPLIED_BY_US_AFTER = lazy(
    r"[^.;]{0,120}?\b(?:we|I)\s+(?:have\s+|had\s+)?(?:also\s+)?(?:applied|relied|used|withheld"
    r"|redacted|cited)\b|[^.;]{0,80}?\bappl(?:y|ies)\s+to\s+(?:this|these|the|some|part|your)\b",
    re.I,
)
# A Scottish request moved to the EIRs (FOISA section 39(2)): the FOISA exemptions the first
# response applied are named only as what it did ("the redactions which were made in relation to
# sections 29, 30 and 38 of FOISA", "information that was originally withheld under FOISA
# exemption Section 29(1)(a)"); under the EIRs they no longer apply. Unless the sentence keeps
# them ("... remains withheld under section 38(1)(b)").
_EARLIER_RESPONSE_BEFORE = lazy(
    r"(?:\b(?:previously|originally|initially|formerly|first)\s+(?:withheld|redacted|exempted"
    r"|applied|cited|relied\s+(?:up)?on)\b"
    r"|\b(?:redactions?|exemptions?|withholdings?)\s+(?:that|which)\s+(?:were|was|had\s+been)"
    r"\s+(?:made|applied|used|cited)\b"
    r"|\bin\s+the\s+(?:original|first|initial|previous|earlier)\s+(?:response|reply|decision"
    r"|letter)\b)[^.;]{0,60}$",
    re.I,
)
_STILL_KEPT = lazy(
    r"[^.;]{0,160}?\b(?:remains?|remaining|continues?|still|upheld|maintain(?:s|ed)?)\b", re.I
)
# Why a request is answered under the EIR, in the Act's words: "Section 39 of the Freedom of
# Information Act 2000 exempts environmental information from that Act and requires us to answer
# under the EIR instead" (not "we are applying the exemption in section 39(2)").
_EXEMPTS_ENVIRONMENTAL = lazy(
    r"[^.;]{0,80}?\b(?:exempts?|excludes?|takes?)\s+(?:all\s+|any\s+)?environmental\s+information\b",
    re.I,
)
# What an exemption can be used for, in general: "In the case of section 43, the exemption may be
# used to redact prices from many different documents" (an answer about how often exemptions are
# used), not that it was used here.
_CAN_BE_USED = lazy(
    r"\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?:the\s+exemption\s+|this\s+exemption\s+|it\s+)?"
    r"(?:may|can|could|might)\s+(?:also\s+)?(?:be\s+)?(?:used|applied|relied\s+(?:up)?on|invoked)"
    r"\s+to\s+(?:redact|withhold|protect|remove|exempt|refuse)\b",
    re.I,
)
# The interests an exemption protects, named where its neither-confirm-nor-deny subsection
# borrows them: "would be likely to prejudice any of the matters specified in section 31(1)".
_MATTERS_IN = lazy(
    r"\b(?:matters|interests)\s+(?:specified|mentioned|set\s+out|listed|referred\s+to|described)"
    r"\s+(?:in|at|under|by)\s*$",
    re.I,
)
# What links a neither-confirm-nor-deny subsection to the subsection whose class of information
# it borrows: "Section 30(3) (by virtue of Section 30(2))", "section 43(3) by virtue of 43(2)".
_BORROWED_CLASS = lazy(
    r"\bby\s+virtue\s+of\s*(?:the\s+)?(?:sub-?sections?|sections?|ss?\.?)?\s*$", re.I
)


def _cited_beyond_bare(mention: _Mention) -> bool:
    """Whether an earlier mention already fixed its section's limb: a subsection, or the section
    bare as a neither-confirm-nor-deny ground ("a reply under section 30(3)", "which we neither
    confirm nor deny ... section 30")."""
    return len(mention.parts) > 1 or mention.ncnd_words or mention.ncnd_by_virtue


def _borrows_from(mention: _Mention, parts: tuple[str, ...]) -> bool:
    """Whether `mention` is a neither-confirm-nor-deny subsection of the section `parts` cites."""
    entry = mention.entry
    return (
        entry is not None
        and len(mention.parts) > 1
        and mention.parts[0] == parts[0]
        and mention.parts[1] in entry.ncnd_subsections
        and (len(parts) < 2 or parts[1] not in entry.ncnd_subsections)
    )


# A citation that points back to its place earlier in the notice, "(with respect to section
# 31(1)(g) above)", adds nothing to what was read there.
_POINTS_BACK = lazy(r"\s*above\b", re.I)
# What a negation before a citation leaves out, when it names some of the information only.
_SCOPE_LIMITED = lazy(
    r"(?:\s*\([^()]{0,60}\))?(?:\s+of\s+the\s+(?:act|foia|eir|regulations))?\s+to\s+(?:the|those"
    r"|these|their)\s+(?!(?:information|request|requests|data|documents?|records?|material|whole"
    r"|entire|remainder|rest|response|matter|case)\b)[\w-]+",
    re.I,
)
# How often a provision was used, in answer to a question about the authority's own statistics.
_COUNTED_TIMES = (
    r"(?<!\byour\s)(?<!\bthese\s)(?<!\bthose\s)(?<!\bthe\s)(?<!\bboth\s)(?<!\ball\s)"
    r"\b[0-9][0-9,]*\s+(?:other\s+|separate\s+|further\s+)?(?:FOI\s+|EIR\s+)?(?:requests|cases"
    r"|responses|occasions|times)\b"
)
_COUNTED_AFTER = lazy(
    r"\s*(?:\([^()]{0,60}\)\s*)?(?:(?:was|were|has\s+been|had\s+been|have\s+been|is|are)\s+"
    r"(?:applied|used|cited|relied\s+(?:up)?on|engaged|claimed|invoked)\s+(?:to|in|on|for)?"
    # "The council has used section 43(2) in 17 responses since 2020"
    r"|(?:in|on)\s)\s*" + _COUNTED_TIMES,
    re.I,
)
_COUNTED_BEFORE = lazy(
    _COUNTED_TIMES + r"(?:\s+[\w,]+){0,4}?\s+(?:under|citing|applying|using|by\s+virtue\s+of)\s*$"
    # the noun left out of the next count: "refused 41 requests under section 12 and 3 under
    # section 14"
    r"|" + _COUNTED_TIMES + r"[^.;]{0,60}?(?:\band|,)\s+[0-9][0-9,]*\s+(?:were\s+refused\s+)?"
    r"(?:under|citing|applying|using|by\s+virtue\s+of)\s*$"
    # the count asked for, not yet made: "to determine the exact number of times an exemption has
    # been applied under Section 14" (not "the number of officers is withheld under section 31")
    r"|\bnumber\s+of\s+(?:times|occasions|instances)\b[^.;]{0,80}?\b(?:applied|used|cited"
    r"|invoked|engaged|claimed|relied\s+(?:up)?on)\s+(?:under|citing|applying|by\s+virtue\s+of)?"
    r"\s*$",
    re.I,
)
# What the law forbids any authority, not this one's finding: "Regulation 12(9) provides that an
# authority may not rely on regulation 12(5)(f) where the information is on emissions" ("we
# cannot rely on regulation 12(5)(f)" is still the authority's own).
_ANY_AUTHORITY_MAY_NOT = lazy(
    r"\b(?:(?:an?|any)\s+(?:public\s+)?authority|(?:public\s+)?authorities)\s+(?:(?:may|shall|must"
    r"|will|is|are)\s+not|cannot|can't|may\s+no\s+longer)\s+(?:be\s+(?:able|entitled|permitted"
    r"|allowed)\s+to\s+)?(?:rely|apply|use|cite|invoke|claim)(?:\s+(?:up)?on)?"
    r"(?:\s+(?:the\s+)?(?:exemptions?|exceptions?)(?:\s+(?:at|in|under))?)?\s*$",
    re.I,
)
_FINDING = lazy(
    r"\b(?:decision\s+notice|Commissioner|ICO|Tribunal|Court)\b[^.;]{0,100}?\b(?:upheld"
    r"|accepted|agreed|ruled|found\s+(?:that|in\s+favour))\b",
    re.I,
)
_THANKS_FOR_REQUEST = lazy(
    r"\W{0,3}(?:thank\s+you|many\s+thanks)\s+for\s+your\s+(?:[\w-]+\s+){0,3}?(?:request|e-?mail"
    r"|letter|enquiry|correspondence)\b"
    # the time it was sent may stand in between: "your email sent on 3 April at 22:43, which
    # the Council received on 8 April, requesting ..."
    r"(?:[^.;:]|(?<=[0-9])[:.](?=[0-9]{2}\b)){0,160}?"
    r"\b(?:asking|about|regarding|concerning|seeking"
    r"|requesting|in\s+which\s+you\s+(?:asked|requested|sought))\b",
    re.I,
)
# ... unless the same sentence gives the outcome: "Thank you for your request for the tender
# documents, which we have refused under section 43(2)".
_REFUSED_IN_THANKS = lazy(
    r"\b(?:which|that|and)\s+(?:is|was|has\s+been|have\s+been|we\s+have|i\s+have|we|i)\s+"
    r"(?:been\s+)?(?:refused|refuse|withheld|withhold|declined|decline|exempt|considered\s+exempt"
    r"|relying|rely|relied)\b",
    re.I,
)
_EARLIER_REQUEST = lazy(
    r"\b(?:your|a|an|the|my|one)\s+(?:previous|earlier|prior|last|former|other)\s+(?:FOI\s+|EIR\s+)?"
    r"(?:requests?|ones?)\b"
    # "Your request is similar to FOI 2024-311, which we refused under section 12(1)"
    # "Since January 2024 you have made 37 requests about ..., including TDC/IR/2025/0310, which
    # we refused under section 12"
    r"|\byou\s+(?:have\s+)?(?:made|submitted|sent)\s+(?:[0-9]+|\w+)\s+(?:other\s+|further\s+)?"
    r"(?:FOI\s+|EIR\s+)?requests\b"
    r"|\b(?:similar\s+to|the\s+same\s+as|identical\s+to|a\s+repeat\s+of|repeats|overlaps\s+with)"
    r"\s+(?:(?:your|our|the|a|an)\s+)?(?:(?:request|FOI|EIR)\b|[A-Z]{2,}[\s/-]?[0-9])",
    re.I,
)
_EARLIER_OUTCOME = lazy(
    r"\b(?:was|were|had\s+been)\s+(?:(?:also|partly|partially|then|already)\s+)?(?:refused"
    r"|answered|withheld|declined|rejected|closed|dealt\s+with|handled|responded\s+to)\b"
    r"|\b(?:which|that)\s+(?:we|I|the\s+\w+)\s+(?:(?:had|have|has)\s+)?(?:(?:also|partly|then|already)\s+)?"
    r"(?:refused|answered|withheld|declined|rejected)\b"
    # "As we explained in our response to your earlier request FOI-1102, where we relied on
    # section 43(2) ..."
    r"|\b(?:where|when|in\s+which|for\s+which|which|that)\s+(?:we|I|the\s+\w+)\s+(?:(?:had|have"
    r"|has)\s+)?(?:(?:also|partly|then|already)\s+)?(?:relied|applied|cited|used|claimed)\b",
    re.I,
)
# What was relied on for other requests, said after the citation: "You also asked why the section
# 43(2) exemption, applied by the Trust in answering your earlier requests, was chosen", or a
# request about earlier refusals repeated above the answer without a heading.
_RELIED_ON_FOR_OTHERS = lazy(
    r"[^.;]{0,100}?\b(?:relied\s+(?:up)?on|applied|cited|used|claimed|invoked)\b[^.;]{0,60}?"
    r"\b(?:in\s+(?:refusing|responding\s+to|answering|handling|dealing\s+with)|for|to)\s+"
    r"(?:\([^()]{0,20}\)\s*)?(?:(?:part\s+of|all\s+of)\s+)?"
    r"(?:(?:those|these|the|your|its|their|my|an?|some|other)\s+)?"
    r"(?:previous|earlier|prior|former|past|other)\s+(?:FOI\s+|EIR\s+)?requests?\b",
    re.I,
)
# The exemptions an NCND response says would apply if the information existed ("If the information
# existed and were held, it would be exempt under section 38(1)(b)") are its grounds.
_HYPOTHETICAL = lazy(
    r"\bif\s+(?:the|such|this|any|that)?\s*(?:information|it|they|records?|reports?|data|details)"
    r"\s+(?:existed|exists|were\s+held|was\s+held|did\s+exist|were\s+to\s+exist)\b"
    # "the information, if held, would be exempt"; not an exemption's test of how it is held:
    # "exempt information if it is held only by virtue of being contained in" (s.32), "if it is
    # held with a view to its publication" (s.22)
    r"|\bif\s+(?:(?:it|they|any)\s+(?:is|was|were|are)\s+)?held\b"
    r"(?!\s+(?:only|solely|with\s+a\s+view|by\s+virtue|for\s+the\s+purposes?\s+of))"
    # "if any such information were held", "should the information exist"
    r"|\bif\s+(?:any\s+)?(?:such\s+)?(?:information|records?|data|details)\s+(?:(?:is|was|were|are)"
    r"\s+)?held\b|\bshould\s+(?:any\s+|such\s+|the\s+|this\s+)*(?:information|records?|data)"
    r"\s+(?:exist|be\s+held)\b",
    re.I,
)
_BY_VIRTUE = lazy(
    r"(?:by\s+virtue\s+of|under|relying\s+(?:up)?on|in\s+accordance\s+with|citing|applying"
    r"|pursuant\s+to)(?:\s+(?:the\s+)?(?:exemptions?|provisions?)(?:\s+(?:at|in|of))?)?"
    r"\s*[:,-]?\s*$",
    re.I,
)


def _lists_ncnd_grounds(blocks: list[_Block], block: _Block) -> bool:
    """Whether the block lists the grounds the paragraph before gives for neither confirming
    nor denying: every line of it starts with a citation."""
    if not _all_cited(block):
        return False
    # the list may be spread over blocks, one citation line each, with blank lines between
    index = block.index - 1
    while index > 0 and block.index - index < 6 and _all_cited(blocks[index]):
        index -= 1
    if index < 0 or index == block.index - 6:
        return False
    text = blocks[index].text
    if not (text.endswith(":") or _FOLLOWING_LIST.search(text[-80:])):
        return False
    return bool(_NCND_WORDS.search(text[-300:]))


# "the following exemptions" anywhere in a sentence: "As the following exemptions are qualified"
_THE_FOLLOWING = r"\bthe\s+following\s+(?:exemptions?|sections?|grounds)"
_FOLLOWING_GROUNDS = lazy(_THE_FOLLOWING + r"\b", re.I)
# "... by virtue of the following exemption." over a list, with a full stop for the colon
# (or a semicolon: "... by virtue of the following exemption;")
_FOLLOWING_LIST = lazy(_THE_FOLLOWING + r"\s*[.;]$", re.I)


def _all_cited(block: _Block) -> bool:
    """Whether every line of the block starts with a citation."""
    return all(
        (keyword := _KEYWORD.match(line)) is not None and keyword.group("kw") is not None
        for line in block.lines
    )


def _names_ncnd_ground(
    sentence: str,
    citation: _Citation,
    ncnd_phrases: list[int],
    previous: tuple[_Citation, bool] | None,
    previous_attached: bool,
) -> bool:
    """Whether the citation is the ground named for a neither-confirm-nor-deny response in the
    same sentence: "can neither confirm nor deny ... by virtue of section 31(1)(a)". Police
    forces cite the exemption itself, not its NCND subsection, in such sentences."""
    if previous is not None:
        if previous_attached and _LIST_JOIN.match(sentence[previous[0].end : citation.start]):
            return True  # "by virtue of S23(5) & S24(2)"
        floor = previous[0].end  # a citation in between names a ground of its own
    else:
        floor = 0
    phrase = bisect.bisect_right(ncnd_phrases, citation.start)
    if not phrase or ncnd_phrases[phrase - 1] < max(floor, citation.start - _WINDOW):
        return False
    return bool(_BY_VIRTUE.search(sentence, max(0, citation.start - 60), citation.start))


# A review releasing what the original response withheld: "Information withheld under section
# 43(2) has now been released", "I have decided to release the information previously withheld
# under section 43". "Some of the information withheld under section 31 is now released" leaves
# the rest withheld, so the exemption stands.
_WITHHELD_UNDER = lazy(
    r"(?P<release>\b(?:releas|disclos)(?:e|es|ed|ing)\s+(?:now\s+)?(?:to\s+you\s+)?)?"
    r"(?P<share>\b(?:some|part|parts|most|much|one|rest|remainder)\s+of\s+)?"
    r"(?:\b(?:the|all(?:\s+of)?\s+the|this|that)\s+)?"
    r"\b(?:information|material|data|details|documents?|text|content|figures|redactions?)\s+"
    r"(?:(?:that|which)\s+(?:was|were|had\s+been|has\s+been)\s+|we\s+(?:had\s+)?)?"
    r"(?:previously\s+|originally\s+|initially\s+|first\s+)?(?:withheld|redacted|exempted)\s+"
    r"(?:under|by\s+virtue\s+of|in\s+reliance\s+on)\s*"
    # "withheld under FOIA exemption section 35(1)(a)"
    r"(?:(?:the\s+)?(?:FOIA|FOISA|FOI\(S\)A|EIRs?|Act)(?:'s)?\s+)?(?:(?:exemptions?|exceptions?)\s+"
    r"(?:at\s+|in\s+)?)?$",
    re.I,
)
_NOW_RELEASED = lazy(
    r"[^.;]{0,160}?\b(?:(?:has|have)\s+(?:now\s+)?been\s+(?:released|disclosed)"
    # "... but which I have considered appropriate to release under the EIRs"
    r"|(?:that|which)\s+(?:I|we)\s+(?:have\s+)?(?:now\s+)?(?:(?:considered|consider|judged|deemed"
    r"|found)\s+(?:it\s+)?(?:appropriate|right|possible)\s+to|decided\s+to|(?:can|will)\s+(?:now\s+)?)"
    r"\s*(?:release|disclose)"
    r"|(?:is|are)\s+(?:now\s+)?(?:being\s+)?(?:released|disclosed|enclosed|attached)"
    r"|will\s+(?:now\s+)?be\s+(?:released|disclosed))\b",
    re.I,
)


_REFUSING = lazy(r"\b(?:not|no|n't|unable|cannot|refus\w*|declin\w*)\b", re.I)


def _released_at_review(sentence: str, citation: _Citation, before: str) -> bool:
    withheld = _WITHHELD_UNDER.search(before)
    if withheld is None or withheld.group("share"):
        return False
    if withheld.group("release"):
        return not _REFUSING.search(before[: withheld.start()][-60:])
    released = _NOW_RELEASED.match(sentence, citation.end)
    return released is not None and not _REFUSING.search(released.group(0))


def _is_negated(sentence: str, citation: _Citation, start: int, end: int) -> bool:
    """Whether the clause (start, end) says the provision cited is not relied on."""
    # The negating words end right at the citation: 120 characters cover the longest phrasing.
    before = sentence[max(start, citation.start - 120) : citation.start]
    if ("withheld" in before or "redacted" in before) and _released_at_review(
        sentence, citation, before
    ):
        return True
    window = sentence[citation.end : min(end, citation.end + _WINDOW)]
    if _DOUBTED.search(before) and _NEGATION_AFTER.match(window):
        return False  # "I do not accept that section 22(1) does not apply": a double negative
    if (
        _NEGATION_HINT.search(before)
        and (negation := _NEGATION_BEFORE.search(before))
        and not _NOT_WRONG.search(before)
        # "I do not think the Council should not have applied section 43(2)": the finding denied
        and not _DOUBTED_BEFORE.search(before, 0, negation.start())
    ):
        return True
    if _NEGATION_AFTER.match(window):
        return True
    # "Section 27(1): the survey was published, so this exemption no longer applies"
    consequence = _SO_THE_EXEMPTION.match(window)
    if consequence:
        rest = window[consequence.end() :]
        verb = _NEGATION_AFTER.match(rest)
        # the verb must have no object: "so the exemption does not apply to the titles" limits
        if verb and _ENDS_CLAUSE.match(rest, verb.end()):
            return True
    # "section 40(2) protects personal data; we have not needed to apply it" (the clause ends at
    # ";", the pronoun names the provision)
    if _NOT_APPLIED_IT.match(sentence, citation.end):
        return True
    # "Section 41 was considered, but it was not engaged" (the clause ends at "but")
    after = sentence[citation.end : citation.end + _WINDOW]
    if _WAS_CONSIDERED.match(after) and _ANY_NOT.search(after):
        return True
    # "If the report had been finalised, ... section 22 would then apply": a counterfactual
    if (
        "would" in after
        and _WOULD_APPLY.match(after)
        and _HAD_IF.search(sentence, 0, citation.start)
    ):
        return True
    # "We considered whether section 43 applied, but concluded that it does not."
    return bool(
        "consider" in before.lower()
        and _CONSIDERED.search(before)
        and _CONCLUDED_NOT.search(sentence[citation.end : citation.end + _WINDOW])
    )


@dataclass
class _Tally:
    regime: Regime
    parts: tuple[str, ...]
    entry: CatalogueEntry
    first: tuple[int, int]
    relied_on: bool = True
    ncnd: bool = False
    blocks: set[int] = field(default_factory=set)
    last_relied: tuple[int, int] | None = None  # where it was last cited without a negation
    negated_at: tuple[int, int] | None = None  # where it was first negated


# The whole answer is neither to confirm nor to deny: "I can neither confirm nor deny whether UKRI
# holds the information you have requested".
_NCND_WHOLE_REQUEST = lazy(
    r"\bneither\s+confirm\s+(?:n|o)or\s+deny\s+(?:whether|if|that)\b[^.]{0,80}?\bhold(?:s|ing)?\s+"
    r"(?:the|any)\s+information\s+(?:that\s+)?(?:you\s+(?:have\s+)?)?(?:requested|asked\s+for"
    r"|described|seek)\b",
    re.I,
)
# What a subsection provides, described rather than applied: "Section 43(2) of the Freedom of
# Information Act (FOIA) provides that information is exempt from disclosure if ...".
_DESCRIBED_AT = lazy(
    r"(?:sections?|s\.)?\s?[0-9]{1,2}[A-Z]?(?:\s?\(\s?[0-9A-Za-z]{1,4}\s?\))*"
    r"(?:\s+of\s+the\s+[^.;:]{0,70}?)?\s+provides\s+that\b",
    re.I,
)


def _drop_described_classes(
    body: list[_Mention], tallies: dict[_TallyKey, _Tally], blocks: list[_Block]
) -> None:
    """A notice whose whole answer is to neither confirm nor deny, under a section's NCND
    subsection ("Section 43(3) provides an exclusion from the duty to confirm or deny"), and which
    names that section's exemption only to say what it provides ("Section 43(2) ... provides
    that information is exempt if ..."), has withheld nothing under it: the exemption is the
    class of information the NCND subsection borrows, as in "section 43(3) by virtue of section
    43(2)", and is not reported beside it."""
    texts = {block.index: block.text for block in blocks}
    if not any(_NCND_WHOLE_REQUEST.search(text) for text in texts.values()):
        return
    for ncnd in tallies.values():
        if not (ncnd.relied_on and ncnd.ncnd and len(ncnd.parts) > 1):
            continue
        if ncnd.parts[1] not in ncnd.entry.ncnd_subsections:
            continue
        for tally in tallies.values():
            if (
                tally is ncnd
                or not tally.relied_on
                or tally.ncnd
                or tally.regime is not ncnd.regime
                or len(tally.parts) < 2
                or tally.parts[0] != ncnd.parts[0]
                or tally.parts[1] in tally.entry.ncnd_subsections
            ):
                continue
            cited = [m for m in body if m.regime is tally.regime and m.parts == tally.parts]
            if cited and all(
                _DESCRIBED_AT.match(texts.get(m.block, ""), m.position[1]) for m in cited
            ):
                tally.relied_on = False


def _is_prefix(shorter: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    return len(shorter) < len(longer) and longer[: len(shorter)] == shorter


_TallyKey = tuple[Regime, tuple[str, ...]]


def _find_provisions(
    blocks: list[_Block], regime: Regime, warnings: list[str]
) -> tuple[FoundProvision, ...]:
    scottish_eir = any(_SCOTTISH_EIR.search(block.text) for block in blocks)
    eir_mentioned = regime is Regime.EIR or any(
        _EIR_WORDS.search(block.text) for block in blocks if not block.annex
    )
    mentions = _mentions(blocks, regime, _Laws(scottish_eir, eir_mentioned), warnings)
    questions = {block.index for block in blocks if _STARTS_QUESTION.match(block.text)}
    body = _overturned_wholly([m for m in mentions if not m.annex], blocks, questions)
    tallies = _tally(body)
    _apply_ncnd_markers(body, tallies, questions, warnings)
    _loose_ncnd_subsections(tallies, blocks)
    _drop_described_classes(body, tallies, blocks)
    kept = _most_specific([t for t in tallies.values() if t.relied_on])
    # the cost limit in words is not read where the notice names section 12 and does not rely on
    # it ("a fresh response ... that does not rely on Section 12 (1)"): the words are that refusal's
    if (
        regime is not Regime.EIR
        and not any(t.parts[0] == "12" or t.regime is Regime.EIR for t in kept)
        and not any(t.parts[0] == "12" and t.regime is regime for t in tallies.values())
    ):
        cost = _cost_limit_in_words(blocks, regime)
        if cost is not None:
            kept = sorted([*kept, cost], key=lambda t: t.first)

    if not kept:
        annexed = sorted(
            {
                format_provision(m.regime, m.parts)
                for m in mentions
                if m.annex and m.entry and not m.negated
            }
        )
        if annexed:
            warnings.append(
                f"The notice cites {', '.join(annexed)} only in its legal annex; check which of "
                "them the authority actually relied on."
            )
    if scottish_eir:
        warnings.append(
            "The notice applies the Environmental Information (Scotland) Regulations; their "
            "exceptions are not read automatically."
        )
    regimes = {tally.regime for tally in kept}
    if Regime.EIR in regimes and len(regimes) > 1:
        warnings.append("The notice cites both FOI exemptions and EIR exceptions.")

    found = []
    texts = [format_provision(tally.regime, tally.parts) for tally in kept]
    for tally, text in zip(kept, texts, strict=True):
        found.append(
            FoundProvision(
                provision=text,
                section=tally.entry.section,
                title=tally.entry.title,
                # what it is cited with counts: s.37(2) is absolute with s.37(1)(a)-(ab) only
                absolute=is_absolute(tally.regime, text, cited_with=texts),
                ncnd=tally.ncnd,
                kind=tally.entry.kind.value,
            )
        )
    return tuple(found)


# A refusal on the cost limit in words, without naming section 12: "the cost of locating the
# information would exceed the appropriate limit", "would exceed the time threshold", "would be in
# excess of £450 (equivalent to 18 hours work)", "would be well in excess of the limits set out in
# the Regulations". Not a condition ("if ..."), a denial ("would not
# exceed"), a possibility ("may exceed") or a limit waived ("Although ... would exceed ...").
# The hours are the limits at the regulations' hourly rates: FOIA £450 or £600 at £25 (18 or 24
# hours); FOISA £600 at £15 (40 hours, Fees Regulations 2004 regs 3 and 5).
def _cost_limit_exceeded(hours: str) -> LazyPattern:
    return lazy(
        r"\b(?:would|will)\s+(?:(?:therefore|clearly|significantly|far|greatly)\s+)?(?:exceed"
        r"|be\s+(?:(?:well|far|considerably|significantly)\s+)?(?:in\s+excess\s+of|more\s+than|over"
        r"|above)|take\s+(?:us\s+)?(?:well\s+)?(?:over"
        r"|more\s+than|beyond))\s+(?:the\s+)?(?:(?:appropriate|cost|costs|time|fees?|upper\s+cost"
        r"|statutory|prescribed)\s+(?:limit|threshold|ceiling)\b"
        # "would be well in excess of the limits set out in the Regulations"
        r"|limits?\s+(?:set\s+(?:out|down)\s+in|laid\s+down\s+in|prescribed\s+(?:in|by))\s+the\s+"
        r"(?:fees\s+)?regulations\b"
        # the police forces' wording: "Such work would exceed the amount to which we are legally
        # required to respond"
        r"|amount\s+(?:of\s+(?:time|work|cost)\s+)?(?:to\s+which|that)\s+(?:we|the\s+\w+)\s+(?:are|is)\s+"
        r"(?:legally|statutorily)\s+(?:required|obliged|bound)\b"
        r"|[^.;]{0,30}?(?:£\s?(?:450|600)\b"
        rf"|\b(?:{hours})\s+hours\b))",
        re.I,
    )


_COST_LIMIT_EXCEEDED = {
    Regime.FOIA: _cost_limit_exceeded("18|24"),
    Regime.FOISA: _cost_limit_exceeded("40"),
}
_COST_LIMIT_PASSIVE = lazy(
    r"\b(?:appropriate|cost|costs|time|fees?|upper\s+cost|statutory|prescribed)\s+(?:cost\s+)?"
    r"(?:limit|threshold|ceiling)\b[^.;]{0,240}?\b(?:would|will)\s+(?:(?:therefore|clearly"
    r"|significantly|far|greatly)\s+)?be\s+(?:(?:well|far|significantly)\s+)?exceeded\b",
    re.I,
)
_BRACKETS = lazy(r"\([^()]{0,200}\)")
_COST_LIMIT_NOT_REFUSED = lazy(
    r"\b(?:if|unless|not|n't|although|though|whilst|while|even|despite|may|might|could|where"
    r"|when|whether|please)\b",
    re.I,
)


# A concession closed by a comma before the cost is named concedes something else: "While our
# aim is to provide information whenever possible, in this instance the costs ... would exceed
# the upper cost limit of £600" refuses; "Although answering would exceed the limit, we have
# ..." waives it.
_CONCEDES = lazy(r"although|though|whilst|while", re.I)


def _cost_limit_in_words(blocks: list[_Block], regime: Regime) -> _Tally | None:
    """FOIA s.12 (FOISA s.12) for a refusal on the cost limit that does not name the section."""
    entry = lookup(regime, "s.12")
    if entry is None:
        return None
    for block in blocks:
        if block.quoted or block.annex:
            continue
        if "xce" not in block.text and "over" not in block.text and "than" not in block.text:
            continue  # cheap test before the patterns
        for offset, sentence in _sentences(block.text):
            found = _COST_LIMIT_EXCEEDED[regime].search(sentence)
            if found is None and "exceeded" in sentence:
                # the passive, with the limit explained in brackets: "the statutory cost limit
                # of £450 (which is ... to determine whether the Council holds ...) will be
                # exceeded"; a negation or condition inside the brackets is the explanation's
                sentence = _BRACKETS.sub(lambda inner: " " * len(inner.group(0)), sentence)
                found = _COST_LIMIT_PASSIVE.search(sentence)
            if found is None or any(
                not _CONCEDES.fullmatch(word.group(0))
                or "," not in sentence[word.end() : found.start()]
                for word in _COST_LIMIT_NOT_REFUSED.finditer(sentence, 0, found.end())
            ):
                continue
            return _Tally(regime, ("12",), entry, (block.index, offset + found.start()))
    return None


# A review that overturns the decision without naming the provisions again: "I agree with you
# ... I have therefore decided to release the figures", "The neither confirm nor deny response is
# therefore overturned". Only a sentence about the whole decision counts (nothing kept back).
_OVERTURNED = lazy(
    r"\b(?:decided|agreed|concluded|determined)\s+(?:that\s+)?(?:to|we\s+(?:will|should|must))\s+"
    r"(?:now\s+)?(?:release|disclose|provide)\s+(?:the|this|that|all(?:\s+of)?\s+the)\s+"
    r"(?:\w+\s+){0,2}?(?P<thing>[a-z]{3,})s?\b(?=\s*(?:[.,;]|$|in\s+full|to\s+you|which|now))"
    r"|\b(?:original\s+)?(?:decision|response|refusal|position)"
    r"(?:\s+to\s+neither\s+confirm\s+nor\s+deny)?\s+(?:is|was|has\s+been|must\s+be"
    r"|should\s+be)\s+(?:therefore\s+|accordingly\s+|thus\s+)?(?:overturned|reversed|not\s+upheld"
    r"|set\s+aside)\b"
    # "... and no exemption has been applied"
    r"|\bno\s+(?:exemptions?|exceptions?)\s+(?:has|have)\s+(?:therefore\s+)?been\s+(?:applied|used"
    r"|relied\s+(?:up)?on|claimed)\b"
    # "I have decided that neither exemption applies", "none of the exemptions is engaged"
    r"|\b(?:neither|none)\s+(?:of\s+(?:the|these|those)\s+)?(?:exemptions?|exceptions?)\s+"
    r"(?:applies|apply|is\s+engaged|are\s+engaged|was\s+engaged|were\s+engaged)\b"
    # "I do not uphold the original decision", "I have decided not to uphold the decision"
    r"|\b(?:(?:do|does|did|have|has)\s+not|(?:am|are)\s+not\s+upholding|(?:decided|chosen"
    r"|concluded|determined)\s+not\s+to)\s+uphold(?:ing)?\s+(?:the|your|our|its)\s+"
    r"(?:(?:original|initial|first|earlier|previous)\s+)?(?:decision|response|refusal)\b"
    # "I have therefore overturned the decision"
    r"|\b(?:I|we|have|has)\s+(?:therefore\s+|accordingly\s+|now\s+)?(?:overturned|overturn|reversed"
    r"|reverse|set\s+aside)\s+(?:the|your|our|its|this|that)\s+(?:original\s+)?(?:decision|response"
    r"|refusal)\b(?!\s+(?:to|on|in\s+(?:respect|relation)|about|regarding|under|for)\b)"
    r"|\b(?:the|all\s+(?:of\s+)?the)\s+(?:requested\s+)?information\s+(?:is|will\s+(?:now\s+)?be"
    r"|has\s+(?:now\s+)?been|should\s+be)\s+(?:now\s+)?(?:released|disclosed)\s+in\s+full\b",
    re.I,
)
_KEPT_BACK = lazy(
    r"\b(?:some|part|parts|partly|partially|remainder|remaining|remains?|rest|except|exception"
    r"|other|otherwise|redact\w*|withh[oe]ld\w*|save\s+for|apart\s+from|but|however"
    r"|although|only|still|continues?)\b",
    re.I,
)


_GENERAL_THINGS = frozenset(
    {"information", "request", "requested", "withheld", "document", "data", "detail", "material"}
)
# A review, in the authority's words ("I have reviewed", "Internal review - FOI/25/0112"), not the
# right to ask for one ("you can ask for an internal review").
_REVIEW_WORDS = lazy(r"\breview|\breconsider", re.I)
_REVIEW_RIGHTS = lazy(
    r"\b(?:you|requesters?)\s+(?:can|may|could|should|have|has|are\s+entitled|(?:are|is)\s+able)\b"
    r"|\bif\s+you\b|\bright\s+to\b",
    re.I,
)
# What a review that releases "the information" may still keep back elsewhere in its answer.
_KEEPS_BACK = lazy(
    r"\b(?:remain\w*|still|continue\w*|uphold|upheld|maintain(?:s|ed)?|partly|partially|in\s+part"
    r"|some|except|save\s+for|apart\s+from|redact\w*|only)\b",
    re.I,
)


def _releases_everything(blocks: list[_Block], block: _Block, scope: int) -> bool:
    """Whether "the information is now released", naming no thing, releases everything withheld
    before it: the notice is a review and nothing around it is kept back (from the start of the
    answer to the paragraph after the release)."""
    review = any(
        _REVIEW_WORDS.search(sentence) and not _REVIEW_RIGHTS.search(sentence)
        for earlier in blocks[: block.index + 1]
        if not (earlier.quoted or earlier.annex)
        for _, sentence in _sentences(earlier.text)
    )
    return (
        review
        and not any(
            _KEEPS_BACK.search(sentence) and not _REVIEW_RIGHTS.search(sentence)  # "if you remain"
            for around in blocks[scope : block.index + 2]
            if not (around.quoted or around.annex)
            for _, sentence in _sentences(around.text)
        )
    )


# A review releasing a thing it names, in a sentence citing nothing: "The exemption no longer
# applies and their names are now released" ("now": what was withheld before).
_THING_RELEASED = lazy(
    r"\b(?:the|their|these|those|its|his|her)\s+(?:[a-z]+\s+){0,2}?(?P<thing>[a-z]{3,}?)s?\s+"
    r"(?:(?:is|are|has\s+been|have\s+been|will\s+be)\s+(?:therefore\s+|accordingly\s+)?now"
    r"|(?:has|have)\s+(?:therefore\s+|accordingly\s+)?now\s+been"
    # "I have decided that the report should be released to you"
    r"|(?:should|must|will|can|is\s+to|are\s+to)\s+(?:now\s+)?be)\s+(?:being\s+)?(?:released|disclosed)\b",
    re.I,
)


def _mentions_thing(block: _Block, mention: _Mention, thing: str) -> bool:
    """Whether the sentence citing the provision names the thing a review released: in a
    sentence citing several, the words before the citation and after the one before it
    ("withheld the pricing schedule under section 43(2) and the names under section 40(2)")."""
    at = mention.position[1]
    stem = re.compile(r"\b" + re.escape(thing.lower().rstrip("s")), re.I)
    for offset, sentence in _sentences(block.text):
        if offset <= at < offset + len(sentence) + 1:
            cited = [citation for citation in _scan_citations(sentence) if citation.items]
            if len(cited) < 2:
                return bool(stem.search(sentence))
            start = max((c.end for c in cited if c.end <= at - offset), default=0)
            return bool(stem.search(sentence, start, at - offset))
    return False


def _overturned_wholly(
    body: list[_Mention], blocks: list[_Block], questions: set[int]
) -> list[_Mention]:
    """Add a negation of every provision cited before a sentence that overturns the whole
    decision without naming them (within the same answer of a question-by-question notice)."""
    extra: list[_Mention] = []
    for block in blocks:
        if block.quoted or block.annex:
            continue
        if not _OVERTURNED.search(block.text) and not _THING_RELEASED.search(block.text):
            continue
        scope = max((q for q in questions if q <= block.index), default=0)
        for offset, sentence in _sentences(block.text):
            overturned = _OVERTURNED.search(sentence)
            released = None if overturned else _THING_RELEASED.search(sentence)
            if (not overturned and not released) or _KEPT_BACK.search(sentence):
                continue
            if _REQUESTERS_VIEW.match(sentence) or any(
                _resolve(sentence, citation, Regime.FOIA, _Laws(False, True))
                for citation in _scan_citations(sentence)
            ):
                continue  # naming a provision, the sentence is read with it
            position = (block.index, offset)
            # "I have decided to release the figures": only what withheld the figures
            thing = next(
                (m.group("thing") for m in _OVERTURNED.finditer(sentence) if m.group("thing")),
                None,
            )
            if not thing and released:
                thing = released.group("thing")
                # "the information is now released": which, it does not say, unless a review
                # keeps nothing back
                if thing.lower().rstrip("s") in _GENERAL_THINGS and not _releases_everything(
                    blocks, block, scope
                ):
                    continue
            if thing and thing.lower().rstrip("s") in _GENERAL_THINGS:
                thing = None
            extra.extend(
                replace(mention, position=position, block=block.index, negated=True)
                for mention in body
                if scope <= mention.block
                and mention.position < position
                and not mention.negated
                and (thing is None or _mentions_thing(blocks[mention.block], mention, thing))
            )
    if not extra:
        return body
    return sorted(body + extra, key=lambda mention: mention.position)


def _tally(body: list[_Mention]) -> dict[_TallyKey, _Tally]:
    """One tally per provision cited, in order of first mention; the last word on each wins."""
    tallies: dict[_TallyKey, _Tally] = {}
    families: dict[tuple[Regime, str], list[_Tally]] = {}  # by section number, for negations
    for mention in body:
        if mention.entry is None or mention.aside:
            continue
        key = (mention.regime, mention.parts)
        tally = tallies.get(key)
        if tally is None:
            tally = _Tally(mention.regime, mention.parts, mention.entry, mention.position)
            tallies[key] = tally
            families.setdefault((mention.regime, mention.parts[0]), []).append(tally)
        tally.blocks.add(mention.block)
        if mention.negated:
            # A negation also cancels earlier, more specific mentions ("we have not applied
            # section 43" after "section 43(2)").
            for other in families[(mention.regime, mention.parts[0])]:
                if other is tally or _is_prefix(mention.parts, other.parts):
                    other.relied_on = False
                    other.negated_at = other.negated_at or mention.position
            continue
        if mention.reported and not tally.relied_on:
            continue  # history: "we responded confirming it was withheld under ..." after a finding
        tally.relied_on = True
        tally.last_relied = mention.position
        subsection = mention.parts[1] if len(mention.parts) > 1 else None
        whole_section = mention.parts == provision_parts(mention.entry.section)
        if (
            subsection in mention.entry.ncnd_subsections
            or (whole_section and mention.ncnd_words)
            or mention.ncnd_by_virtue
        ):
            tally.ncnd = True
    # "Section 36 can only be relied on where ...; section 36(2)(b)(ii) and (c) were therefore not
    # correctly applied": a bare section named only before every one of its subsections was
    # rejected was about those subsections, and goes with them.
    for family in families.values():
        for bare in family:
            if len(bare.parts) > 1 or not bare.relied_on:
                continue  # one bare section per family at most: the check stays linear
            specific = [other for other in family if _is_prefix(bare.parts, other.parts)]
            if (
                specific
                and not any(other.relied_on for other in specific)
                and bare.last_relied is not None
                and all(o.negated_at and bare.last_relied < o.negated_at for o in specific)
            ):
                bare.relied_on = False
    return tallies


def _most_specific(relied: list[_Tally]) -> list[_Tally]:
    """Drop a bare "s.40" beside "s.40(2)", placing the specific citation where the family first
    appeared; the rest keep the order of their first mention. Provisions first named together in
    one list ("exempt by virtue of Sections 31, 38 and 40") share a position, so within it they
    keep the list's order, and a subsection given later ("Section 31(1)(g)") takes its section's
    place in that order."""
    families: dict[tuple[Regime, str], list[_Tally]] = {}
    order = {id(tally): index for index, tally in enumerate(relied)}  # order of first mention
    for tally in relied:
        families.setdefault((tally.regime, tally.parts[0]), []).append(tally)
    kept: list[tuple[tuple[tuple[int, int], int], tuple[int, int], _Tally]] = []
    for family in families.values():
        specific = [t for t in family if not any(_is_prefix(t.parts, o.parts) for o in family)]
        # "Section 44(1)(a) ... we cannot release them. ... If we held any complaints (which we
        # neither confirm nor deny) ... Section 44 is an absolute exemption": the section named
        # bare as the ground of a neither confirm nor deny answer is the same exemption used both
        # ways, so the provision kept for it is reported NCND, as one used both ways is; unless
        # the notice names an NCND provision of that section itself (s.31(3) beside s.31(1)(a)).
        if any(t.ncnd for t in family if t not in specific) and not any(t.ncnd for t in specific):
            for tally in specific:
                tally.ncnd = True
        for tally in specific:
            first = min(
                (o.first, order[id(o)])
                for o in family
                if o is tally or _is_prefix(o.parts, tally.parts)
            )
            kept.append((first, tally.first, tally))
    kept.sort(key=lambda item: (item[0], item[1]))
    return [tally for _, _, tally in kept]


# A paragraph that starts the answer to another question or part of the request.
_STARTS_QUESTION = lazy(
    r"(?:(?:response|answer|reply)\s+to\s+)?(?:question|q|part|request|item)\s*[0-9]{1,2}[a-z]?\b"
    r"|[0-9]{1,2}[.)]\s|\(?[a-z]\)\s",
    re.I,
)


# Any words about confirming or denying, the authority's or the Act's.
_CONFIRM_OR_DENY_WORDS = lazy(r"\bconfirm\w*\s+n?or\s+(?:not\s+)?den\w*|\bNCND\b", re.I)


def _loose_ncnd_subsections(tallies: dict[_TallyKey, _Tally], blocks: list[_Block]) -> None:
    """A section cited whole by its subsections, "Section 38 (1) and (2)", in a letter that says
    nothing about confirming or denying (it withholds what it holds): the subsection on the duty
    to confirm or deny is named with the rest, not relied on to leave the holding unconfirmed."""
    relied = [tally for tally in tallies.values() if tally.relied_on]
    loose = [
        tally
        for tally in relied
        if tally.ncnd
        and len(tally.parts) == 2
        and tally.parts[1] in tally.entry.ncnd_subsections
        and any(
            other.regime is tally.regime
            and other.parts[0] == tally.parts[0]
            and other.parts[1:2] == ("1",)
            for other in relied
        )
    ]
    if loose and not any(_CONFIRM_OR_DENY_WORDS.search(block.text) for block in blocks):
        for tally in loose:
            tally.ncnd = False


def _apply_ncnd_markers(
    body: list[_Mention],
    tallies: dict[_TallyKey, _Tally],
    questions: set[int],
    warnings: list[str],
) -> None:
    """FOISA s.18 and EIR reg 12(6) make the exemptions cited with them NCND responses.

    "With them" means in the same paragraph; failing that, the one before or the next three, up
    to the answer to another question (`questions`: the paragraphs that start one): notices put
    the s.18 explanation and the exemptions it protects side by side, and answer the next
    question separately. If none is that close, the marker covers every eligible exemption.
    """
    for mention in body:
        marker = mention.marker
        if marker is None or mention.negated:
            continue
        eligible = [
            tally
            for tally in tallies.values()
            if tally.relied_on
            and tally.regime == marker.regime
            and tally.entry.section in marker.applies_to
        ]
        same = [t for t in eligible if mention.block in t.blocks]
        here = mention.block
        reach = {here - 1} if here not in questions else set()
        for later in range(here + 1, here + 4):
            if later in questions:
                break
            reach.add(later)
        near = [t for t in eligible if t.blocks & reach]
        for tally in same or near or eligible:
            tally.ncnd = True
        if eligible:
            continue
        reg_12_5_a = lookup(Regime.EIR, "12(5)(a)")
        if marker.regime is Regime.EIR and reg_12_5_a is not None:
            # Reg 12(6) exists only for the reg 12(5)(a) interests, so it names them implicitly.
            parts = provision_parts(reg_12_5_a.section)
            tallies[(Regime.EIR, parts)] = _Tally(
                Regime.EIR, parts, reg_12_5_a, mention.position, ncnd=True, blocks={mention.block}
            )
            continue
        warning = (
            f"The notice neither confirms nor denies under "
            f"{format_provision(marker.regime, (marker.section,))} without naming the exemption "
            "that would apply."
        )
        if warning not in warnings:
            warnings.append(warning)


# === 4. Header facts ===========================================================================

# --- Regime --------------------------------------------------------------------------------------

_FOISA_WORDS = lazy(
    r"Freedom\s+of\s+Information\s+\(Scotland\)\s+Act|\bFOISA\b|\bFOI\(S\)A\b"
    r"|Scottish\s+Information\s+Commissioner",
    re.I,
)
_SCOTTISH_EIR = lazy(r"Environmental\s+Information\s+\(Scotland\)\s+Regulations|\bEISRs?\b", re.I)
# Bodies that answer only under FOISA, and its own stages: they settle a notice that names no
# Act at all ("Police Scotland ... Should you require Police Scotland to review our decision").
_SCOTTISH_ONLY = lazy(
    r"\bPolice\s+Scotland\b|\bScottish\s+(?:Government|Ministers)\b|\bCourt\s+of\s+Session\b"
    r"|\brequire\s+(?:us|[A-Z][\w ]{2,40}?)\s+to\s+review\b|\brequirement\s+for\s+review\b"
)
_FOIA_WORDS = lazy(r"Freedom\s+of\s+Information\s+Act|\bFOIA\b|\bFOI\s+Act\b", re.I)
# "EIR" inside a reference ("EIR/2024/55", "FOI-EIR-12", "EIR/FOI 5567") says nothing about the
# law applied.
_EIR_WORDS = lazy(
    r"Environmental\s+Information\s+Regulations|(?<![-/.\w])EIRs?\b(?![-/.]?[0-9]|[-/.]FOI)", re.I
)
_EIR_CITATION = lazy(r"\b(?:regulations?|regs?\.?)\s*(?:12\s?\(\s?[45]\s?\)|13\b)", re.I)
# What the authority says it did ("we have dealt with your request under the EIR"), not what it
# might have done ("it would be handled under the EIR").
_HANDLED_UNDER = lazy(
    r"\b(?:have|has|been|was|were|is|are|we|I)\s+(?:\w+\s+)?"
    r"(?:considered|handled|dealt\s+with|processed|answered|responded\s+to|treated)"
    r"\s+(?:your\s+request\s+|it\s+|this\s+request\s+)?(?:under|in\s+accordance\s+with)"
    r"\s+(?:the\s+)?(?P<law>Environmental\s+Information\s+Regulations|EIRs?\b"
    r"|Freedom\s+of\s+Information\s+Act|FOIA\b)",
    re.I,
)


def _detect_regime(blocks: list[_Block]) -> Regime:
    text = " ".join(block.text for block in blocks)
    if _SCOTTISH_EIR.search(text):
        # Scottish environmental requests follow FOISA's clock and the Scottish Commissioner.
        return Regime.FOISA
    foisa = len(_FOISA_WORDS.findall(text))
    foia = len(_FOIA_WORDS.findall(text))
    eir = len(_EIR_WORDS.findall(text)) + 2 * len(_EIR_CITATION.findall(text))
    for handled in _HANDLED_UNDER.finditer(text):
        if handled.group("law").lower().startswith("e"):
            eir += 4
        else:
            foia += 4
    if foisa and foisa >= foia:
        return Regime.FOISA
    if not foia and not eir and _SCOTTISH_ONLY.search(text):
        return Regime.FOISA
    if eir > foia:
        return Regime.EIR
    return Regime.FOIA


# --- Reference -----------------------------------------------------------------------------------

# Reference shapes: FOI 002402-19, FOI2020/71597, 01.FOI.23.033809, IM-FOI-2021-0942,
# FOI-4239-1718/GH, 2018030000548.
# Segments joined by single separators (unambiguous, so matching stays linear); an optional
# letters-only prefix before a space ("FOI 002402-19"). _reference_ok() asks for 3+ digits.
# "FOI 19 1413", "WBC EIR 24 1170": one or two words of capitals, then two or three groups of
# digits separated by single spaces.
_REF_SHAPE = (
    r"(?-i:[A-Z]{2,10}(?: [A-Z]{2,10})?(?: [0-9]{2,8}){2,3}(?![-./_]?[A-Za-z0-9])"
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?![0-9A-Za-z])"  # a number grouped in thousands: "Our ref: 718,377"
    r"|(?:(?:[A-Z]{2,10} )?(?:[A-Z]{2,10}|FoI)(?:/[A-Z]{2,10})?[ :](?=[0-9]))?"
    r"[A-Z0-9][A-Za-z0-9]*(?:[-./_][A-Za-z0-9]+)*)"
    # "FOI 0024", "GICB FOI 25-0112", "CRM:0045617", "UoI-FOI-2024-0227", "FoI 25-19", "FOI/EIR
    # 2024-118"
)
_REF_LABEL = lazy(
    r"(?<![\w])(?P<label>"
    r"freedom\s+of\s+information\s+(?:\(scotland\)\s+)?(?:act\s+)?(?:request\s+)?"
    r"(?:reference|ref)\.?(?:\s+(?:no|number)\.?)?"
    r"|(?:foi|foia|foisa|eir|foi/eir|information|internal\s+review|review)\s+(?:request\s+)?"
    r"(?:reference|ref|number|no|id)\.?(?:\s+(?:no|number)\.?)?"
    r"|(?:foi|foisa|eir)\s+request"
    r"|(?:foi|foia|foisa|eir)\s+(?:response|reply)"  # a heading "FOI response PU/25/0877"
    r"|request\s+(?:reference|ref|number|no|id)\.?(?:\s+(?:no|number)\.?)?"
    r"|our\s+(?:reference|ref)\.?(?:\s+(?:no|number)\.?)?"
    r"(?:\s+(?:for|of)\s+(?:this|your)\s+(?:request|letter|case|response))?"
    # a Welsh body's letterhead gives both labels: "Our ref / Ein cyf:", "Ein cyf / Our ref:"
    r"(?:\s*/\s*ein\s+cyf(?:eirnod)?\.?)?"
    r"|ein\s+cyf(?:eirnod)?\.?\s*/\s*our\s+(?:reference|ref)\.?"
    r"|case\s+(?:reference|ref|number|no)\.?"
    r"|reference\s+(?:number|no)\.?"
    r"|ref\.?\s+no\.?|reference|ref\.?"
    r"|request(?=\s*:)"  # "Request: NRCA/2025/06722" (a request's text has too few digits)
    # a heading "Request for Information: ATISN 15980 - Location of ..." (the Welsh Government's)
    r"|request\s+for\s+information(?=\s*[:\u2013\u2014-])"
    # a heading "Request 2025/1417: Annual audit of ..." (a number, then the title)
    r"|request(?=\s+[0-9]{2,4}[/-][0-9]{3,6}\s*[:\u2013\u2014-])"
    r"|(?:foi|foia|foisa|eir)(?=\s*:)"  # "FOI: DFRS-2025-188"
    r"|(?-i:FOI|EIR)(?=\s[A-Z]{2,6}[-/][0-9]{2,}[-/][0-9])"  # "RE: FOI HBC-25-1190 - Parks"
    r")(?![a-z])\s*(?:[:#|]|-(?=\s)|\bis\b|\()?\s*(?P<token>" + _REF_SHAPE + r")(?![\w/])",
    re.I,
)
_REF_PROSE = lazy(r"(?<![\w/.-])(?P<token>" + _REF_SHAPE + r")(?![\w/-])")
# "ATISN 16287": the Welsh Government's request numbers (a heading above the letter's text)
_FOI_SEGMENT = lazy(r"(?:^|[-./ _0-9])(?:FOI[AS]?|EIRS?|RFI|IR|REQ|CRM|ATISN)(?=$|[-./ _0-9])")
_NOT_OURS_BEFORE = lazy(
    r"\b(?:ico|information\s+commissioner'?s?|commissioner'?s?|sic|original(?:ly)?|previous(?:ly)?"
    r"|earlier|prior|former|last|similar|related|same|separate|another|planning|application|appeal"
    r"|tribunal|decision\s+notice|other|already|refer(?:red)?\s+to|duplicate|repeat"
    # "This follows your request FOI 2023 0712", "a follow-up to FOI-23-4471"
    r"|follow(?:s|ed)|follow[\s-]?up|following\s+on\s+from"
    # "As explained in our response to FOI/2023/088", "We responded to FOI 23 1102 on ..."
    r"|(?:in|following|after|since)\s+(?:our|my|the)\s+(?:response|reply|answer|letter)s?\s+to"
    r"|(?:we|i)\s+(?:responded|replied|answered|wrote)\s+to"
    r"|as\s+(?:explained|stated|set\s+out|confirmed|noted|advised|mentioned)\s+(?:in|under)"
    r"|you\s+(?:made|sent|submitted)\s+(?:a|an|another)\s+(?:\w+\s+)?request"
    # "... a request you made in August, which we dealt with under reference FOI 2024/4410"
    r"|which\s+(?:we|was|were|had\s+been)\s+(?:\w+\s+)?(?:dealt\s+with|handled|answered|processed"
    r"|considered)\s+(?:under|as))\b"
    r"[^.:]{0,40}$",
    re.I,
)
# "... FOI-2023-0099, which we answered in May": a request already dealt with.
_NOT_OURS_AFTER = lazy(
    r"^\s*\)?,?\s*(?:\((?:answered|sent|dated|responded)[^)]{0,40}\)|to\s+which\s+(?:we|you)\b"
    r"|(?:which|that)\s+(?:we|you|was"
    r"|were|has|had|is)\s+(?:already\s+|previously\s+)?(?:been\s+)?(?:answered|responded|replied|dealt"
    r"|published|closed|refused|received|made|sent|submitted|considered)|(?:was|were|has\s+been)"
    r"\s+(?:already\s+|previously\s+)?(?:answered|responded|dealt|published|closed|refused))",
    re.I,
)
_NOT_A_REFERENCE = lazy(
    r"^(?:IC-[0-9]{4,}(?:-[A-Z0-9]{4})?$|FS5[0-9]{7}$|FER[0-9]{7}$|ENF)"  # ICO case numbers
    r"|^[0-9]{2,4}/[0-9]{3,6}/[A-Z]{2,6}$|/(?:FUL|OUT|HOU|LBC|REM|COU|ADV|DIS|TPO|CLE|CLP|PA)$"
    r"|^(?:(?:FOI|FOIA|FOISA|EIR) )?(?:19|20)[0-9]{2}$"  # a year, or "FOIA 2000"
    r"|^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}$"  # a date
)
_SUBJECT_PREFIX = lazy(r"\s*(?:re|subject)\s*:?\s*", re.I)
# "Your ref:", also glued to the field before it in a flattened letterhead ("Extension:2149Your
# Reference:247202-3e0526f0")
_YOUR = lazy(r"(?:\b|(?<=[0-9]))your\s*$", re.I)


def _reference_ok(token: str, before: str, after: str) -> bool:
    if sum(ch.isdigit() for ch in token) < 3 or _NOT_A_REFERENCE.search(token):
        return False
    return not _NOT_OURS_BEFORE.search(before[-60:]) and not _NOT_OURS_AFTER.match(after[:80])


def _label_matches(line: str) -> Iterator[re.Match[str]]:
    """Each labelled reference in the line; the search resumes after a label, not after what it
    took for a token ("FOI Request - Ref: 101002345678": "Ref" is no reference; "Ref:" labels
    one)."""
    position = 0
    while (match := _REF_LABEL.search(line, position)) is not None:
        yield match
        position = match.end("label")


# "Our ref:" alone on its line, the reference on the next: a letterhead's label column.
_OUR_REF_ALONE = lazy(
    r"^\s*our\s+(?:reference|ref)\.?(?:\s+(?:no|number)\.?)?\s*:?\s*$",
    re.I,
)


def _with_labels_joined(blocks: list[_Block], block: _Block) -> list[str]:
    """The block's lines, each "Our ref:" standing alone joined to the line after it (in the
    block, or first in the next one), so "Our ref:" / "HQ/PA/003493/18" reads as one line."""
    lines = list(block.lines)
    for number, line in enumerate(block.lines):
        if len(line) > 30 or not _OUR_REF_ALONE.match(line):
            continue
        if number + 1 < len(block.lines):
            following = block.lines[number + 1]
        elif block.index + 1 < len(blocks) and blocks[block.index + 1].lines:
            following = blocks[block.index + 1].lines[0]
        else:
            continue
        lines[number] = f"{line.strip()} {following.strip()}"
    return lines


_RUNS_ON = lazy(r"[a-z,]$")
# After the reference, the sentence going on ("FOI/0402/2025, and is ...", "... 4410. The"), not
# a title ("FOI/2024/3318 - Tree preservation orders").
_SENTENCE_GOES_ON = lazy(r"^\s*(?:[,.;)]|[a-z])")


def _wrapped(lines: list[str], number: int, before: str, after: str) -> str:
    """The words before a reference near the start of a line, with the end of the line above in
    the same paragraph: a sentence wrapped there ("... an earlier request, reference" /
    "FOI/0402/2025, and ...") still says whose reference it is."""
    above = lines[number - 1] if number else ""
    if (
        len(before) >= 60
        or len(above) < 50
        or not _RUNS_ON.search(above)
        or not _SENTENCE_GOES_ON.match(after)
    ):
        return before  # a letterhead's short lines, a sentence ended above, a heading
    return f"{above[-80:]} {before}"


def _find_reference(blocks: list[_Block]) -> str | None:
    """A labelled reference ("Our ref:", "Request ID:" ...), best at the start of a line;
    failing that, an FOI-looking reference heading a line (a title, "FOI 19 1413 - Parking"),
    then the first one in prose. A reference the notice calls earlier, previous or someone
    else's (the ICO's, a planning application's) is never the notice's own."""
    best: tuple[int, int, int, str] | None = None  # (-score, block, offset, reference)
    for block in blocks:
        lines = _with_labels_joined(blocks, block)
        for number, line in enumerate(lines):
            for match in _label_matches(line):
                token = match.group("token")
                # Only the words near the match count (slicing whole lines would make long
                # single-line texts quadratic).
                before = line[max(0, match.start() - 80) : match.start()]
                plain_label = match.group("label").lower().rstrip(".") in {
                    "reference",
                    "ref",
                    "request",
                }
                if plain_label and _YOUR.search(before):
                    continue  # "Your ref:" is the requester's own reference
                after = line[match.end() : match.end() + 80]
                if not _reference_ok(token, _wrapped(lines, number, before, after), after):
                    continue
                at_line_start = match.start() <= 80 and (
                    not before.strip(" -:>(") or _SUBJECT_PREFIX.fullmatch(before)
                )
                candidate = (-3 if at_line_start else -2, block.index, match.start(), token)
                if best is None or candidate < best:
                    best = candidate
    if best is not None:
        return best[3]
    for block in blocks:
        for number, line in enumerate(block.lines):
            for match in _REF_PROSE.finditer(line):
                token = match.group("token")
                if not _FOI_SEGMENT.search(token):
                    continue
                before = line[max(0, match.start() - 80) : match.start()]
                after = line[match.end() : match.end() + 80]
                if not _reference_ok(token, _wrapped(block.lines, number, before, after), after):
                    continue
                heading = match.start() <= 80 and (
                    not before.strip(" -:>(") or _SUBJECT_PREFIX.fullmatch(before)
                )
                candidate = (-1 if heading else 0, block.index, match.start(), token)
                if best is None or candidate < best:
                    best = candidate
    return best[3] if best else None


# --- Date ----------------------------------------------------------------------------------------

# English month names, and the Welsh ones bilingual notices give first ("12 Mawrth 2024 / 12
# March 2024"); their first three letters never clash.
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "ion": 1, "chw": 2, "maw": 3, "ebr": 4, "mai": 5, "meh": 6,
    "gor": 7, "aws": 8, "med": 9, "hyd": 10, "tac": 11, "rha": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)\.?"
)
_DATE = lazy(
    # a weekday first, in full or cut short ("Responded Mon 23 March 2020" in a disclosure log)
    r"(?:\b(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?(?:"
    r"(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-)(?P<m1>" + _MONTH + r")"
    r"(?:,?\s+|-)(?P<y1>[0-9]{4})"
    r"|(?P<m2>" + _MONTH + r")\s+(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>[0-9]{4})"
    r"|(?P<d3>[0-9]{1,2})[/.-](?P<m3>[0-9]{1,2})[/.-](?P<y3>[0-9]{4}|[0-9]{2})"
    r"|(?P<y4>[0-9]{4})-(?P<m4>[0-9]{2})-(?P<d4>[0-9]{2})"
    r")(?![0-9])",
    re.I,
)
_MONTH_AND_YEAR = lazy(r"(?P<words>" + _MONTH + r",?\s+[0-9]{4})\s*$", re.I)
_TIME = lazy(r"^\s*(?:,|at)?\s*[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?\s*(?:[ap]\.?m\.?)?", re.I)
# Labels of the notice's own date, strongest first. The response's date beats a disclosure
# log's publication date; "Date of request", "Date received" and "Sent:" (often the header of
# the requester's e-mail quoted below) are other events.
_DATE_LABEL = lazy(
    r"^(?:[^\W\d_]{2,12}(?:\s[^\W\d_]{2,12})?\s?/\s?)?"  # bilingual: "Dyddiad / Date:"
    r"(?:(?:response|reply|letter)\s*:\s*)?"  # "Response: Dated 14/02/2024"
    r"(?:(?P<response>"
    r"date\s+(?:of\s+)?(?:this\s+|our\s+)?(?:response|reply|letter|notice|decision|issue|outcome"
    r"|(?:internal\s+)?review(?:\s+(?:response|outcome|decision))?)"
    r"|(?:response|reply|decision|issue|review\s+outcome|outcome|completion|closure)\s+date"
    r"|date\s+(?:sent|issued|responded|replied|answered|completed|closed)"
    r"|(?:responded|replied|issued|answered|completed|closed)(?:\s+(?:on|date))?"
    r"|dated|sent\s+on|response\s+(?:sent|issued)(?:\s+on)?)"
    r"|(?P<published>(?:date\s+)?(?:published|disclosed|released)(?:\s+on)?"
    r"|(?:publication|disclosure|release)\s+date|date\s+of\s+(?:publication|disclosure|release))"
    r"|(?P<plain>date))(?![a-z])\s*[:|-]{0,2}\s*",  # "|": a table row without its outer bars
    re.I,
)
_INLINE_DATE_LABEL = lazy(
    r"(?:^|(?<=[\s|]))(?:date(?:\s+of\s+(?:this\s+)?(?:response|reply|letter))?|date\s+sent"
    r"|response\s+date)\s*:?\s*",  # "Our Ref FOI 24 0612 Date 4th September 2024"
    re.I,
)
_OWN_DATE = lazy(
    r"\b(?:this|our)\s+(?:response|reply|letter|notice|decision)\s+(?:is|was)\s+dated\s+(?:on\s+)?",
    re.I,
)
# A letterhead flattened onto one line (a PDF's text layer): "... Our ref: IR2024/05897 16 April
# 2024 Dear Rachel, ...", the date straight after the authority's own reference.
_AFTER_OUR_REF = lazy(r"\bour\s+ref(?:erence)?\.?\s*:?\s*[A-Z0-9][\w./-]*[0-9][\w./-]*\s+", re.I)
_RECEIPT_LABEL = lazy(r"receiv|receipt|request(?:ed)?\b|original|acknowledg", re.I)
_DEADLINE = lazy(r"\b(?:by|due|deadline|expiry|target|until|before|respond)\b", re.I)
# The close of the letter: a date in the signature block is the letter's date.
_VALEDICTION = lazy(
    r"^(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm)\s+regards|regards|best\s+wishes"
    r"|with\s+(?:best|kind)\s+(?:wishes|regards)|signed|many\s+thanks)\b",
    re.I,
)
_SIGNATURE_LINES = 6
_HEADER_LINES = 12
# Scores of where a date was found; the highest wins, then the first.
_BY_RESPONSE_LABEL, _BY_DATE_LABEL, _BY_PUBLISHED_LABEL, _ALONE, _IN_SIGNATURE = 5, 4, 3, 2, 1


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["d1"]:
            return date(int(groups["y1"]), _MONTHS[groups["m1"][:3].lower()], int(groups["d1"]))
        if groups["d2"]:
            return date(int(groups["y2"]), _MONTHS[groups["m2"][:3].lower()], int(groups["d2"]))
        if groups["d3"]:
            day, month, year = int(groups["d3"]), int(groups["m3"]), int(groups["y3"])
            if year < 100:
                year += 2000 if year < 70 else 1900
            if month > 12 >= day:
                day, month = month, day  # only readable in US order: 08/29/2025
            return date(year, month, day)  # UK order: 05/03/19 is 5 March 2019
        return date(int(groups["y4"]), int(groups["m4"]), int(groups["d4"]))
    except ValueError:
        return None


_MAIL_FROM = lazy(r"from\s*:\s*\S", re.I)
_MAIL_SENT = lazy(r"sent\s*:\s*", re.I)
_MAIL_FIELD = lazy(r"(?:to|cc|subject)\s*:", re.I)


def _find_notice_date(blocks: list[_Block], warnings: list[str]) -> date | None:
    """The notice's own date: a labelled line ("Date:", "Date responded:", "Issued:", a
    disclosure log's "Published:"), a line that is nothing but a date, or a date in the
    signature block or on the notice's last lines.

    Dates in prose ("received on 5 March 2024", "your request of ...") are about other events,
    and so is a bare date under a "Received" label.
    """
    lines = [line for block in blocks if not block.quoted for line in block.lines]
    best: tuple[int, int, date] | None = None  # (-score, line number, date)
    signature_from = len(lines) - 3  # the last lines close the letter even without "Yours ..."
    month_only: str | None = None
    # A reply pasted with its own e-mail header on top ("From: FOI Team / Sent: 2 October 2024"):
    # that "Sent:" is when the reply went. (A header further down is a quoted earlier e-mail.)
    # Or a header pasted from its "Sent:" line on ("Sent: ... / Subject: RE: FOI request"), or
    # with "Subject:" above "Sent:".
    mail_header = any(_MAIL_FROM.match(line) for line in lines[:3]) or (
        any(_MAIL_SENT.match(line) for line in lines[:3])
        and any(_MAIL_FIELD.match(line) for line in lines[:4])
    )
    for number, line in enumerate(lines):
        previous_line = lines[number - 1] if number else ""
        if _VALEDICTION.match(line):
            signature_from = min(signature_from, number)
        in_signature = signature_from <= number <= signature_from + _SIGNATURE_LINES
        found, score = _dated_line(line, previous_line, in_signature=in_signature)
        if found is None and mail_header and number < 6 and (sent := _MAIL_SENT.match(line)):
            match = _DATE.match(line, sent.end())
            found, score = (_to_date(match), _BY_DATE_LABEL) if match else (None, 0)
        if found is not None and (best is None or (-score, number) < best[:2]):
            best = (-score, number, found)
        label = _DATE_LABEL.match(line)
        if found is None and not month_only and (label or number < _HEADER_LINES):
            # "Date: March 2024", or "August 2024" alone in the letter's heading
            partial = _MONTH_AND_YEAR.match(line, label.end() if label else 0)
            month_only = partial.group("words") if partial else None
    if best is None and month_only:
        warnings.append(f"The notice is dated only '{month_only}'; enter the day it was sent.")
    return best[2] if best else None


def _dated_line(line: str, previous_line: str, *, in_signature: bool) -> tuple[date | None, int]:
    """(date, score) of a line; see the scores above."""
    label = _DATE_LABEL.match(line)
    if label:
        match = _DATE.match(line, label.end())
        if match:
            return _to_date(match), _label_score(label)
    if len(line) <= 160:
        # a header row: "Our ref: FOI-24-118    Date: 12 March 2024"
        for inline in _INLINE_DATE_LABEL.finditer(line):
            match = _DATE.match(line, inline.end())
            # the two words before the label say whose date it is ("Your request date:", and
            # "Respond by date:", a deadline in Police Scotland's headers)
            before = " ".join(line[max(0, inline.start() - 40) : inline.start()].split()[-2:])
            if match and not _RECEIPT_LABEL.search(before) and not _DEADLINE.search(before):
                return _to_date(match), _BY_DATE_LABEL
    # "Our response is dated 17 October 2025." in the letter's first paragraph
    for own in _OWN_DATE.finditer(line):
        match = _DATE.match(line, own.end())
        if match:
            return _to_date(match), _BY_DATE_LABEL
    for ref in _AFTER_OUR_REF.finditer(line, 0, 400):
        match = _DATE.match(line, ref.end())
        if match:
            return _to_date(match), _BY_DATE_LABEL
    if len(line) <= 300 and (":" in line or " - " in line):
        found, score = _labelled_date(line)
        if found is not None:
            return found, score
    match = _DATE.match(line)
    if match is not None and not _TIME.sub("", line[match.end() :]).strip(" .,"):
        previous_label = previous_line.strip().rstrip(": ").lower()
        is_label = previous_line.rstrip().endswith(":") or not re.search(r"[0-9]", previous_label)
        if is_label and len(previous_label) <= 40 and _RECEIPT_LABEL.search(previous_label):
            return None, 0  # "Date received:" on the line above
        above = _DATE_LABEL.fullmatch(previous_line.strip())
        return _to_date(match), _label_score(above) if above else _ALONE
    if in_signature and len(line) <= 80 and not _RECEIPT_LABEL.search(line):
        # "J. Smith, Information Officer, 12 March 2024": the date ends the line and follows a
        # name or title, not a preposition ("your email of 2 October 2023").
        for match in _DATE.finditer(line):
            before = line[: match.start()].rstrip(" ,-|")
            last_word = before.rsplit(" ", 1)[-1]
            ends_line = not _TIME.sub("", line[match.end() :]).strip(" .,")
            if ends_line and not (last_word.isalpha() and last_word.islower()):
                return _to_date(match), _IN_SIGNATURE
    return None, 0


# Any short label before a colon and a date, in a line of several ("Request: FOI 24 0219 |
# Received: 09/09/2024 | Responded: 04/10/2024"), in a wording the labels above lack ("Date
# response sent:"), or bilingual with the English first ("Date / Dyddiad:"). Its words say whose
# date it is.
_LABEL_BEFORE = lazy(
    r"(?:^|(?<=[\s|;,]))(?P<label>[^\W\d_]{2,14}(?:\s?/?\s?[^\W\d_]{2,14}){0,4})\s?[:-]{1,2}\s?$"
)
_PUBLISHED_WORDS = lazy(r"publish|publication|disclos|releas", re.I)
_RESPONSE_WORDS = lazy(
    r"respon|repl(?:y|ied)|issue|dated|decision|outcome|clos|complet|answer|letter|notice", re.I
)
_DATE_WORD = lazy(r"\b(?:date|dyddiad)\b", re.I)


_LABEL_END = lazy(r"[:-]{1,2}\s?")


def _labelled_date(line: str) -> tuple[date | None, int]:
    best: tuple[date | None, int] = (None, 0)
    for colon in _LABEL_END.finditer(line):
        match = _DATE.match(line, colon.end())
        if match is None:
            continue
        label = _LABEL_BEFORE.search(line, max(0, match.start() - 60), match.start())
        if label is None:
            continue
        words = label.group("label")
        if _RECEIPT_LABEL.search(words) or _DEADLINE.search(words):
            continue
        if _PUBLISHED_WORDS.search(words):
            score = _BY_PUBLISHED_LABEL
        elif _RESPONSE_WORDS.search(words) or (
            " " in words.strip() and re.search(r"\bsent\b", words, re.I)
        ):
            score = _BY_RESPONSE_LABEL
        elif _DATE_WORD.search(words):
            score = _BY_DATE_LABEL
        else:
            continue
        if score > best[1]:
            best = (_to_date(match), score)
    return best


def _label_score(label: re.Match[str]) -> int:
    if label.group("response"):
        return _BY_RESPONSE_LABEL
    return _BY_PUBLISHED_LABEL if label.group("published") else _BY_DATE_LABEL


# --- Review window -------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "twenty-eight": 28,
    "thirty": 30, "forty": 40, "sixty": 60,
}  # fmt: skip
_DURATION = lazy(
    r"\b(?P<lead>within|no\s+later\s+than|not\s+later\s+than|not\s+more\s+than|up\s+to"
    r"|you\s+have|you\s+will\s+have|allowed"
    r"|(?<=review):|(?<=reconsideration):)"  # "Right to review: 40 working days"
    r"\s+(?:a\s+(?:period|maximum)\s+of\s+)?"
    r"(?:(?:the\s+)?next\s+)?"  # "within the next 40 working days"
    r"(?P<num>[0-9]{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s*\(\s*(?:[0-9]{1,3}|[a-z]{3,12})\s*\))?"  # "forty (40)", "40 (forty)"
    r"\s+(?P<unit>(?:working|business|school)\s+days?|calendar\s+(?:days?|months?)"
    r"|days?|weeks?|months?)\b",
    re.I,
)
# EIR reg 11: a requester asks for reconsideration by making "representations".
_REVIEW_WORDS = lazy(
    r"\b(?:review\w*|reconsider\w*|representations|complain\w*|appeal\w*|dissatisfied|unhappy|"
    r"not\s+(?:happy|satisfied)|look\s+again)\b",
    re.I,
)
_AUTHORITY_ANSWERS = lazy(
    r"\b(?:respond\w*|(?<!his\s)(?<!our\s)(?<!the\s)(?<!any\s)(?<!\ba\s)(?<!\bmy\s)(?:repl(?:y|ies|ied)"
    r"|answer\w*)|deal\s+with|dealt\s+with|complete\w*|comply|"
    r"acknowledg\w*|aim\w*\s+to|endeavour\w*|decision\s+will|will\s+(?:normally|usually|try)"
    # "You will be informed within 20 working days if an exemption applies": told by the authority
    r"|will\s+be\s+(?:informed|told|notified|advised|contacted|sent))\b",
    re.I,
)
_YOU_MAY = lazy(r"\b(?:you|please)\b", re.I)
_REGULATOR = lazy(r"\b(?:Commissioner|ICO|SIC|OSIC|Tribunal|Court)\b", re.I)
# "within six weeks of the internal review outcome": a clock that starts after the review is the
# regulator's, not the requester's window for asking for one.
_FROM_REVIEW_OUTCOME = lazy(
    r"\s*(?:of|from|after)\s+(?:the\s+date\s+of\s+)?(?:receiving\s+|receipt\s+of\s+)?"
    r"(?:our|the|your|this)\s+(?:internal\s+)?review\b(?!\s+request)",
    re.I,
)
# pattern.match(text, pos) anchors at pos without "^" ("^" would only match at 0).
_FROM_NOTICE = lazy(
    r"\s*(?:of|from|after)\s+(?:the\s+date\s+of|receiving|receipt\s+of"
    r"|the\s+date\s+(?:on\s+which\s+)?you\s+receive|(?:the\s+)?(?:date\s+of\s+)?(?:this|our|the))",
    re.I,
)


def _find_review_window(blocks: list[_Block], warnings: list[str]) -> int | None:
    """Working days the notice gives the requester to ask for a review.

    Only a window stated in working days becomes a number. "Two months" or "40 days" are not
    working days and could be read several ways, so they give None with a warning quoting the
    notice's words; the service then falls back on the statutory 40 working days.
    """
    best: tuple[int, int, int, re.Match[str]] | None = None
    for block in blocks:
        if block.quoted:
            continue
        sentences = _sentences(block.text)
        heading = blocks[block.index - 1].text if block.index else ""
        for number, (offset, sentence) in enumerate(sentences):
            previous = sentences[number - 1][1] if number else ""
            about_review = bool(_REVIEW_WORDS.search(sentence))
            after_review = bool(_REVIEW_WORDS.search(previous)) or (
                len(heading) < 120 and bool(_REVIEW_WORDS.search(heading))
            )
            after_regulator = bool(_REGULATOR.search(previous))
            for duration in _DURATION.finditer(sentence):
                before = sentence[max(0, duration.start() - 90) : duration.start()]
                # "we aim to respond within 20 working days"; but when the duration's own clause
                # is the requester's ("If you are unhappy with the way we have dealt with your
                # request, you may ask for a review within 40 working days"), only that clause
                clause = re.split(r"[,;:]", before)[-1]
                # without a comma, from the requester's last "you": "If you are dissatisfied
                # with the way we have dealt with your request you can ask us to review ..."
                yours = [found.start() for found in _YOU_MAY.finditer(clause)]
                if _AUTHORITY_ANSWERS.search(clause[yours[-1] :] if yours else before):
                    continue
                regulator = list(_REGULATOR.finditer(before))
                if regulator and not _REVIEW_WORDS.search(before[regulator[-1].end() :]):
                    continue  # "complain to the ICO within six weeks", "the SIC within six months"
                if _FROM_REVIEW_OUTCOME.match(sentence, duration.end()):
                    continue
                if after_regulator and not about_review:
                    continue  # "... apply to the Commissioner. You must apply within six months."
                score = 3 if about_review else 2 if after_review else 0
                if _FROM_NOTICE.match(sentence, duration.end()):
                    score += 2
                if score < 2:
                    continue
                candidate = (-score, block.index, offset + duration.start(), duration)
                best = candidate if best is None or candidate[:3] < best[:3] else best
    if best is None:
        return None
    duration = best[3]
    unit = " ".join(duration.group("unit").lower().split())
    raw = duration.group("num").lower()
    amount = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    if unit.startswith(("working", "business")) and amount:
        return amount
    words = " ".join(duration.group(0).split())
    if duration.group("lead").lower() in {"within", ":"}:
        words = words.split(" ", 1)[1]
    warnings.append(
        f"The notice gives '{words}' to ask for a review, which is not a number of working days."
    )
    return None
