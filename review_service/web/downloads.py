"""A stored file sent back as a download, with exactly the type it was stored with.

Flask's ``send_file`` adds "; charset=utf-8" to any text/* type, even one that already names its
charset: a text document stored as "text/plain; charset=windows-1252" went out as
"text/plain; charset=windows-1252; charset=utf-8". Pages and the API send files through here.
"""

from __future__ import annotations

import io

from flask import Response, send_file


def attachment(content: bytes, filename: str, media_type: str) -> Response:
    """``content`` as a download named ``filename``, with ``media_type`` as its Content-Type."""
    response = send_file(
        io.BytesIO(content),
        mimetype=media_type,
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )
    response.headers["Content-Type"] = media_type  # as stored: one charset, the right one
    return response
