"""POST /api/v1/cases/{reference}/documents: the pages' upload checks, through the API."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask
from reportlab.pdfgen import canvas

from tests.api.conftest import ApiClient, Cast


def a_pdf(text: str = "Our response to your request") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def upload(
    api: ApiClient, token: str, reference: str, content: bytes, filename: str, **fields: str
) -> Any:
    form: dict[str, Any] = {"file": (io.BytesIO(content), filename), "kind": "response"}
    form.update(fields)
    return api.post(
        f"/api/v1/cases/{reference}/documents",
        token,
        data={k: v for k, v in form.items() if v is not None},
        content_type="multipart/form-data",
    )


def test_a_pdf_is_stored_and_can_be_downloaded_as_it_was_sent(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    content = a_pdf()
    response = upload(
        api, cast.token("requester"), filed["reference"], content, "../../etc/response.PDF"
    )
    assert response.status_code == 201, response.json
    document = response.json
    assert document["media_type"] == "application/pdf"
    assert document["filename"] == "response.pdf"  # no folders from the client's name
    assert document["title"] == "response.pdf"
    assert document["size"] == len(content)
    assert response.headers["Location"] == document["links"]["file"]
    download = api.get(document["links"]["file"], cast.token("caseworker"))
    assert download.status_code == 200
    assert download.data == content
    listed = api.get(f"/api/v1/cases/{filed['reference']}/documents", cast.token("caseworker"))
    assert [d["id"] for d in listed.json["items"]] == [document["id"]]


def test_a_file_is_judged_by_its_content_not_its_name(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    response = upload(
        api, cast.token("requester"), filed["reference"], b"\x89PNG\r\n\x1a\n\x00", "x.pdf"
    )
    assert response.status_code == 422
    assert response.json["errors"] == [
        {
            "field": "file",
            "message": "The selected picture cannot be opened: it may be damaged. Save it "
            "again as a JPEG or PNG and upload that",
        }
    ]
    response = upload(
        api, cast.token("requester"), filed["reference"], b"Plain words.\n", "letter.pdf"
    )
    assert response.status_code == 201
    assert response.json["filename"] == "letter.txt"


def test_an_empty_or_oversized_file_is_refused(
    app: Flask, api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    token, reference = cast.token("requester"), filed["reference"]
    response = upload(api, token, reference, b"", "empty.txt")
    assert response.json["errors"] == [{"field": "file", "message": "The selected file is empty"}]
    app.config["MAX_UPLOAD_BYTES"] = 100
    response = upload(api, token, reference, b"x" * 101, "big.txt")
    assert response.status_code == 422
    assert response.json["errors"][0]["message"] == (
        "The selected file must be smaller than 100 bytes"
    )


def test_the_form_fields_are_checked(api: ApiClient, cast: Cast, filed: dict[str, Any]) -> None:
    response = upload(
        api,
        cast.token("requester"),
        filed["reference"],
        b"Text.\n",
        "a.txt",
        kind="diary",
        dated="yesterday",
        title="t" * 201,
        colour="red",
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == {"kind", "dated", "title", "colour"}
    response = api.post(
        f"/api/v1/cases/{filed['reference']}/documents",
        cast.token("requester"),
        json={"kind": "response"},
    )
    assert response.status_code == 415
    response = api.post(
        f"/api/v1/cases/{filed['reference']}/documents",
        cast.token("requester"),
        data={"kind": "response"},
        content_type="multipart/form-data",
    )
    assert response.json["errors"] == [{"field": "file", "message": "Select a file"}]


def test_an_upload_is_recorded_on_the_case_timeline(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    note = {"title": "Call note", "dated": "2026-10-05"}
    upload(api, cast.token("caseworker"), filed["reference"], b"Notes.\n", "n.txt", **note)
    case = api.get(f"/api/v1/cases/{filed['reference']}", cast.token("requester")).json
    assert case["timeline"][-1]["summary"] == "Document uploaded: the authority's response"
    assert case["timeline"][-1]["actor"] == case["authority"]["name"]
