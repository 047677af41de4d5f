"""Letters render to A4 PDFs whose text reads back exactly as the caller supplied it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from review_service.letters import fonts
from review_service.letters.render import (
    DRAFT_WATERMARK,
    LetterContent,
    Letterhead,
    Paragraphs,
    format_date,
    render_document,
    render_letter,
)

HOSTILE = "<b>bold</b> & <script>alert(1)</script> Ŵ ŵ Ŷ ŷ"

LETTERHEAD = Letterhead(
    authority_name="Cyngor Sir Enghraifft",
    address_lines=("Neuadd y Sir", "Stryd Fawr", "Abertawe SA1 1AA"),
    email="foi@enghraifft.gov.uk",
    telephone="01792 000000",
    footer="Cyngor Sir Enghraifft, Neuadd y Sir, Abertawe SA1 1AA. Registered data controller.",
)


def create_letter(**overrides: object) -> LetterContent:
    content = LetterContent(
        letterhead=LETTERHEAD,
        recipient_name="Ms Rhian Jones",
        recipient_address_lines=("2 Heol y Castell", "Caerdydd CF10 1AA"),
        recipient_email="rhian@example.com",
        letter_date=date(2026, 5, 3),
        our_reference="FOI-123/IR",
        request_reference="FOI-123",
        your_reference="RJ-77",
        subject="Internal review of your request FOI-123",
        salutation="Dear Ms Jones",
        sections=(
            Paragraphs("Your request", ("On 5 January 2026 you asked for information.",)),
            Paragraphs("Our review", ("I have looked at the response afresh.",)),
            Paragraphs("Your right to complain", ("You may complain to the ICO.",)),
        ),
        closing="Yours sincerely",
        signatory_name="Alun Davies",
        signatory_title="Head of Information Governance",
    )
    return replace(content, **overrides)


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in read(pdf).pages]


def flat(pdf: bytes) -> str:
    """All text with whitespace collapsed, so wrapped lines still match."""
    return " ".join(" ".join(page_texts(pdf)).split())


def test_dates_are_written_day_month_year() -> None:
    assert format_date(date(2026, 5, 3)) == "3 May 2026"
    assert format_date(date(2025, 12, 25)) == "25 December 2025"


def test_letter_shows_letterhead_recipient_references_date_and_signatory() -> None:
    text = flat(render_letter(create_letter()))

    for expected in (
        "Cyngor Sir Enghraifft",
        "Neuadd y Sir",
        "foi@enghraifft.gov.uk",
        "01792 000000",
        "Ms Rhian Jones",
        "Caerdydd CF10 1AA",
        "Our reference FOI-123/IR",
        "Our request reference FOI-123",
        "Your reference RJ-77",
        "Date 3 May 2026",
        "Dear Ms Jones",
        "Internal review of your request FOI-123",
        "On 5 January 2026 you asked for information.",
        "Yours sincerely",
        "Alun Davies",
        "Head of Information Governance",
        "Registered data controller.",
        "Page 1 of 1",
    ):
        assert expected in text


def test_letter_without_their_reference_omits_the_line() -> None:
    text = flat(render_letter(create_letter(your_reference=None)))

    assert "Your reference" not in text
    assert "Our reference FOI-123/IR" in text


def test_letter_sent_by_email_only_says_so_in_place_of_an_address() -> None:
    text = flat(render_letter(create_letter(recipient_address_lines=())))

    assert "By e-mail only: rhian@example.com" in text
    assert "Caerdydd" not in text


def test_findings_table_appears_after_the_chosen_section() -> None:
    table = (
        ("Provision", "Finding", "Reasons"),
        ("s.24(2)", "Upheld", "Confirming or denying would reveal security arrangements."),
        ("s.31(3)", "Not upheld", "No prejudice to law enforcement was shown."),
    )
    text = flat(render_letter(create_letter(table=table, table_after_section=1)))

    assert "Provision Finding Reasons" in text
    assert "s.31(3) Not upheld No prejudice to law enforcement was shown." in text
    assert text.index("Our review") < text.index("s.24(2) Upheld")
    assert text.index("s.31(3)") < text.index("Your right to complain")


def test_findings_table_defaults_to_after_the_last_section() -> None:
    table = (("Provision", "Finding"), ("s.40(2)", "Upheld"))
    text = flat(render_letter(create_letter(table=table)))

    assert text.index("You may complain to the ICO.") < text.index("s.40(2) Upheld")
    assert text.index("s.40(2) Upheld") < text.index("Yours sincerely")


def test_table_after_a_section_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="table_after_section=3"):
        render_letter(create_letter(table=(("A", "B"),), table_after_section=3))


def test_user_text_is_printed_literally_never_as_markup() -> None:
    content = create_letter(
        recipient_name=f"Ms Jones {HOSTILE}",
        subject=f"Review {HOSTILE}",
        sections=(Paragraphs(f"Heading {HOSTILE}", (f"Body {HOSTILE}",)),),
        table=(("Provision", "Reasons"), ("s.43(2)", f"Cell {HOSTILE}")),
        signatory_name=f"Signer {HOSTILE}",
        our_reference="FOI-1 & <2>",
    )
    text = flat(render_letter(content))

    for prefix in ("Ms Jones", "Review", "Heading", "Body", "Cell", "Signer"):
        assert f"{prefix} {HOSTILE}" in text
    assert "FOI-1 & <2>" in text
    assert "&amp;" not in text
    assert "&lt;" not in text


def test_welsh_letters_are_drawn_with_an_embedded_truetype_font() -> None:
    pdf = render_letter(create_letter(recipient_name="Gwŷn ap Ŵil"))
    page = read(pdf).pages[0]

    assert "Gwŷn ap Ŵil" in page.extract_text()
    base_fonts = [str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]
    assert any("DejaVuSans" in name for name in base_fonts), base_fonts
    assert not any("Helvetica" in name for name in base_fonts), base_fonts


def test_newlines_in_user_text_become_line_breaks() -> None:
    section = Paragraphs("Reasons", ("First line of reasons\nSecond line of reasons",))
    text = page_texts(render_letter(create_letter(sections=(section,))))[0]
    lines = [line.strip() for line in text.splitlines()]

    position = lines.index("First line of reasons")
    assert lines[position + 1] == "Second line of reasons"


def test_control_characters_in_user_text_are_dropped() -> None:
    section = Paragraphs("Reasons", ("Pasted\x00 from\x0c Word\r\nnext line",))
    text = flat(render_letter(create_letter(sections=(section,))))

    assert "Pasted from Word next line" in text


def test_draft_watermark_appears_on_every_page_of_a_draft_only() -> None:
    long_sections = tuple(
        Paragraphs(f"Section {i}", ("A long paragraph of reasons. " * 40,) * 3) for i in range(4)
    )
    draft = page_texts(render_letter(create_letter(sections=long_sections, draft=True)))
    issued = page_texts(render_letter(create_letter(sections=long_sections)))

    assert len(draft) > 1
    assert all(DRAFT_WATERMARK in text for text in draft)
    assert not any("DRAFT" in text for text in issued)


def test_version_note_is_printed_when_a_letter_corrects_an_earlier_one() -> None:
    note = "This letter corrects and replaces the letter dated 3 May 2026 (version 1)."

    assert note in flat(render_letter(create_letter(version_note=note)))
    assert "corrects and replaces" not in flat(render_letter(create_letter()))


def test_long_letter_runs_over_pages_numbered_n_of_m() -> None:
    long_sections = tuple(
        Paragraphs(f"Section {i}", ("A long paragraph of reasons. " * 40,) * 3) for i in range(5)
    )
    texts = page_texts(render_letter(create_letter(sections=long_sections)))

    total = len(texts)
    assert total > 1
    for number, text in enumerate(texts, start=1):
        assert f"FOI-123/IR · Page {number} of {total}" in text
    # Later pages carry the reference and date at the top for loose sheets.
    assert "Our reference: FOI-123/IR · 3 May 2026" in texts[1]
    assert "Our reference: FOI-123/IR · 3 May 2026" not in texts[0]
    # The signature is never stranded on a page of its own.
    assert "A long paragraph of reasons." in texts[-1]


def test_long_findings_table_wraps_cells_and_repeats_its_header_on_each_page() -> None:
    rows = [("Provision", "Finding", "Reasons")]
    rows += [(f"s.{i}", "Upheld", f"Reason {i}: " + "the harm is real and likely. " * 12)
             for i in range(60)]  # fmt: skip
    texts = page_texts(render_letter(create_letter(table=tuple(rows))))

    assert len(texts) > 2
    text = " ".join(" ".join(texts).split())
    for i in range(60):
        assert f"s.{i} Upheld Reason {i}:" in text
    table_pages = [t for t in texts if "Upheld" in t]
    assert len(table_pages) > 1
    assert all("Provision" in t and "Reasons" in t for t in table_pages)


def test_letter_metadata_names_the_subject_and_the_authority() -> None:
    metadata = read(render_letter(create_letter())).metadata

    assert metadata is not None
    assert metadata.title == "Internal review of your request FOI-123"
    assert metadata.author == "Cyngor Sir Enghraifft"


def test_letter_is_a4() -> None:
    box = read(render_letter(create_letter())).pages[0].mediabox

    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_document_renders_title_sections_and_table_with_or_without_letterhead() -> None:
    sections = (
        Paragraphs("Your request", (f"Text as filed {HOSTILE}",)),
        Paragraphs("Documents", ("Two attachments.",)),
    )
    table = (("Item", "Date"), ("Request", "5 January 2026"))

    plain = render_document("Copy of your complaint as filed", None, sections, table)
    headed = render_document("Copy of your complaint as filed", LETTERHEAD, sections)

    text = flat(plain)
    assert "Copy of your complaint as filed" in text
    assert f"Text as filed {HOSTILE}" in text
    assert "Item Date Request 5 January 2026" in text
    assert "Cyngor Sir Enghraifft" not in text
    assert read(plain).metadata.title == "Copy of your complaint as filed"
    assert "Cyngor Sir Enghraifft" in flat(headed)
    assert read(headed).metadata.author == "Cyngor Sir Enghraifft"


def test_font_registration_is_idempotent() -> None:
    first = fonts.letter_font()

    assert fonts.letter_font() == first
    regular, bold = first
    assert regular != bold


def test_font_directory_can_be_overridden_by_environment(tmp_path: Path) -> None:
    assert fonts.candidate_dirs({fonts.FONT_DIR_ENV: str(tmp_path)}) == (tmp_path,)
    assert fonts.candidate_dirs({}) == fonts.SYSTEM_FONT_DIRS


def test_missing_fonts_fail_with_the_debian_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="fonts-dejavu-core"):
        fonts.locate_fonts((tmp_path,))


def test_fonts_are_found_in_an_override_directory_without_italics(tmp_path: Path) -> None:
    for name in (fonts.REGULAR_FILE, fonts.BOLD_FILE):
        (tmp_path / name).write_bytes(b"")

    found = fonts.locate_fonts((tmp_path / "missing", tmp_path))

    assert found.regular == tmp_path / fonts.REGULAR_FILE
    assert found.bold == tmp_path / fonts.BOLD_FILE
    assert found.italic is None
