"""Issue 12 item 10, in a real browser: the letters and the regulator's pack as people download
them (read back with pypdf).

- The outcome letter labels the authority's own reference as its own ("Our request
  reference"), never "Your reference".
- In the requester's pack, "the complaint as filed" is the requester's document, on no
  authority's letterhead, where the outcome letter is on the authority's.
- The pack's own page numbers ("Pack page N of M") are stamped on every page, and the page the
  index gives for each part is the page its bookmark opens (acceptance: "The pack's page
  numbers read back with pypdf match its index").
- The schedule of withheld information in the authority's submission sets the request out in
  full, however long.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from playwright.sync_api import Page
from pypdf import PdfReader

from tests.browser.conftest import Team
from tests.browser.helpers import POLICE_REFERENCE, Data, sign_in, visit
from tests.pdfs import outline_pages, printed_index, words

LONG_REQUEST = (
    "Please send me, for each railway station where the MPS deployed live facial recognition "
    "between January and June 2026: the date and hours of each deployment; the number of "
    "faces scanned; the number of alerts, and how many were confirmed as true matches; the "
    "size and make-up of each watchlist (how many images were of people wanted on warrant, "
    "missing people, and others); the equality impact assessment for the deployments; and "
    "any written advice the MPS received from the Biometrics and Surveillance Camera "
    "Commissioner about them. The last item is the one that matters most to me."
)
LETTERHEAD = "PO Box 313"  # the authority's address, at the head of its letters


def test_letters_and_the_pack_say_whose_reference_and_document_each_is(
    new_page: Callable[[], Page], police: Team, data: Data
) -> None:
    requester = data.requester("dorothy.hodgkin@example.org", "Dorothy Hodgkin")
    reference = data.file_police_complaint(
        requester, police.authority_id, request_text=LONG_REQUEST
    )
    data.advance(reference, "decided", caseworker=police.caseworker, reviewer=police.reviewer)

    page = new_page()
    sign_in(page, requester)
    visit(page, f"/complaints/{reference}")
    with page.expect_download() as download:
        page.locator("#decided").get_by_role("link", name="Read the letter").click()
    letter = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(download.value.path()).pages
    )
    assert f"Our reference {reference}" in letter
    assert f"Our request reference {POLICE_REFERENCE}" in letter
    assert "Your reference" not in letter  # the requester gave none
    assert LETTERHEAD in letter  # the authority's own letter, on its letterhead

    visit(page, f"/complaints/{reference}/regulator")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything as one PDF").click()
    pack = PdfReader(download.value.path())
    total = len(pack.pages)
    for number, pdf_page in enumerate(pack.pages, start=1):
        assert f"Pack page {number} of {total}" in pdf_page.extract_text(), number
    bookmarks = outline_pages(pack)
    titles = [title for title, _ in bookmarks]
    assert len(titles) >= 7  # chronology, letter, request, response, complaint, outcome, ack.
    assert printed_index(pack, titles) == dict(bookmarks)
    # The complaint as filed: from its bookmark to the next, no authority's letterhead.
    starts = [start for _, start in bookmarks] + [total + 1]
    [filed] = [i for i, title in enumerate(titles) if title.endswith("as filed)")]
    complaint = words(pack, range(starts[filed] - 1, starts[filed + 1] - 1))
    assert f"Complaint {reference} as filed" in complaint
    assert LETTERHEAD not in complaint
    outcome = titles.index("Internal review outcome")
    assert LETTERHEAD in words(pack, range(starts[outcome] - 1, starts[outcome + 1] - 1))

    # The authority's submission: the schedule sets the request out in full.
    staff = new_page()
    sign_in(staff, police.caseworker)
    visit(staff, f"/staff/cases/{reference}/regulator")
    submission = staff.request.get(f"/staff/cases/{reference}/regulator/submission.pdf")
    assert submission.status == 200, submission.status
    reader = PdfReader(io.BytesIO(submission.body()))
    text = words(reader, range(len(reader.pages)))
    schedule = text.index("Schedule of withheld information", text.index("Index") + 5)
    request = re.sub(r"Pack page \d+ of \d+", "", text[schedule:])
    assert " ".join(LONG_REQUEST.split()) in " ".join(request.split())
    assert "the request is set out in full above this table" in request
