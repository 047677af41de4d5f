"""Word documents (.docx) and pictures (JPEG, PNG) are accepted, judged by content, read in a
bounded process; bombs and impostors are refused with a message (issue 12 item 12)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from review_service.documents import media_reader
from review_service.documents import services as documents
from review_service.documents.media_check import image_for_page
from tests.documents import samples

MAX = 10 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# -- accepted ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "media_type", "stored_as"),
    [
        ("photo of letter.JPG", samples.picture(fmt="JPEG"), "image/jpeg", "photo of letter.jpg"),
        ("screenshot.png", samples.picture(), "image/png", "screenshot.png"),
        ("screenshot.pdf", samples.picture(), "image/png", "screenshot.png"),  # by content
        ("reply.docx", samples.word("Dear requester"), DOCX, "reply.docx"),
        ("reply", samples.word("Dear requester"), DOCX, "reply.docx"),
    ],
)
def test_pictures_and_word_documents_are_accepted_by_their_content(
    name: str, data: bytes, media_type: str, stored_as: str
) -> None:
    upload = documents.check_upload(name, data, max_bytes=MAX)

    assert (upload.media_type, upload.filename) == (media_type, stored_as)
    assert documents.type_label(upload.media_type) in (
        "JPEG picture",
        "PNG picture",
        "Word document",
    )


def test_a_word_documents_text_is_read_in_order_with_its_tables() -> None:
    data = samples.word(
        "Dear Ms Smith,",
        "We withhold the report under section 43(2).",
        table=[["Item", "Exemption"], ["Report", "s.43(2)"]],
    )
    upload = documents.check_upload("notice.docx", data, max_bytes=MAX)

    text = documents.text_of(upload)

    assert text == (
        "Dear Ms Smith,\n\nWe withhold the report under section 43(2).\n\n"
        "Item | Exemption\nReport | s.43(2)"
    )


def test_a_picture_has_no_text_for_the_notice_reader() -> None:
    upload = documents.check_upload("notice.jpg", samples.picture(fmt="JPEG"), max_bytes=MAX)

    with pytest.raises(documents.NoTextFound) as refused:
        documents.text_of(upload)
    assert "picture" in refused.value.message and "Paste the text" in refused.value.message


def test_a_word_document_without_text_asks_for_the_text() -> None:
    upload = documents.check_upload("blank.docx", samples.word(), max_bytes=MAX)

    with pytest.raises(documents.NoTextFound):
        documents.text_of(upload)


# -- refused -------------------------------------------------------------------------------


def test_a_png_bomb_is_refused_before_a_pixel_is_decoded() -> None:
    bomb = samples.png_bomb()  # 100 million pixels in 12 KB
    assert len(bomb) < 20_000

    with pytest.raises(documents.UploadRefused) as refused:
        documents.check_upload("bomb.png", bomb, max_bytes=MAX)
    assert refused.value.message.startswith("The selected picture is too large")
    # In the reader itself: refused on the declared size, nothing decoded.
    assert media_reader.read_image(bomb, page=False)["problem"] == "too-big"


def test_a_picture_is_refused_over_the_pixel_limit_we_set() -> None:
    small = samples.picture((100, 100))

    assert media_reader.read_image(small, page=False, max_pixels=10_000)["problem"] == ""
    assert media_reader.read_image(small, page=False, max_pixels=9_999)["problem"] == "too-big"


def test_a_zip_bomb_dressed_as_a_word_document_is_refused_unopened() -> None:
    bomb = samples.zip_bomb_docx()  # 20 MB of zeros beside a real document, in 60 KB
    assert len(bomb) < 100_000

    with pytest.raises(documents.UploadRefused) as refused:
        documents.check_upload("letter.docx", bomb, max_bytes=MAX)
    assert refused.value.message.startswith("The selected Word document unpacks to too much")


def test_a_word_document_that_unpacks_to_too_much_in_all_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = samples.word("A real letter", "x" * 200_000)
    assert media_reader.read_docx(data)["problem"] == ""

    monkeypatch.setattr(media_reader, "MAX_UNPACKED", 100_000)
    assert media_reader.read_docx(data)["problem"] == "too-big"
    monkeypatch.setattr(media_reader, "MAX_UNPACKED", 10**9)
    monkeypatch.setattr(media_reader, "MAX_MEMBERS", 3)
    assert media_reader.read_docx(data)["problem"] == "too-big"


NOT_WORD = (
    "The selected file is not a Word document: upload a PDF, a Word document (.docx), a "
    "picture (JPEG or PNG) or a plain text file"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (samples.spreadsheet_as_docx(), NOT_WORD),
        (samples.photos_zip(), NOT_WORD),
        (samples.macro_docx(), "The selected Word document contains macros"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "The selected Word document cannot be"),
        (samples.OLE_DOC, "The selected file is an older Word document (.doc)"),
    ],
)
def test_a_docx_that_is_really_something_else_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(documents.UploadRefused) as refused:
        documents.check_upload("letter.docx", data, max_bytes=MAX)
    assert refused.value.message.startswith(message)


def test_a_docx_that_is_really_a_picture_or_text_is_kept_as_what_it_is() -> None:
    picture = documents.check_upload("letter.docx", samples.picture(fmt="JPEG"), max_bytes=MAX)
    text = documents.check_upload("letter.docx", b"Dear requester", max_bytes=MAX)

    assert (picture.filename, picture.media_type) == ("letter.jpg", "image/jpeg")
    assert (text.filename, text.media_type) == ("letter.txt", "text/plain; charset=utf-8")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_damaged_picture_is_refused(fmt: str) -> None:
    whole = samples.picture((400, 300), fmt=fmt)
    cut = whole[: len(whole) // 2]

    with pytest.raises(documents.UploadRefused) as refused:
        documents.check_upload(f"photo.{fmt.lower()}", cut, max_bytes=MAX)
    assert refused.value.message.startswith("The selected picture cannot be opened")


def test_a_gif_or_other_picture_format_is_not_taken() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")

    with pytest.raises(documents.UnsupportedUpload) as refused:
        documents.check_upload("photo.gif", buffer.getvalue(), max_bytes=MAX)
    assert refused.value.message == (
        "The selected file must be a PDF, a Word document (.docx), a picture (JPEG or PNG) or "
        "a plain text file"
    )


# -- a picture for a page ------------------------------------------------------------------


def test_a_picture_for_a_page_is_upright_flattened_and_bounded() -> None:
    # A camera's portrait photo: stored 300 x 200 with EXIF orientation 6 (turn 90° clockwise).
    photo = Image.new("RGBA", (3000, 2000), (255, 0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    photo.save(buffer, format="PNG", exif=exif)

    verdict = image_for_page(buffer.getvalue())

    assert verdict.usable
    assert (verdict.width, verdict.height) == (1600, 2400)  # turned, at most 2400 px
    page = Image.open(io.BytesIO(verdict.page_image))
    assert (page.format, page.mode, page.size) == ("PNG", "RGB", (1600, 2400))
    assert page.getpixel((10, 10)) == (255, 255, 255)  # transparent became white
