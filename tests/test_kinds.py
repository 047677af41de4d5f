"""Letter and document kinds are enums stored as their plain values (db.StrEnumType, issue 14)."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text

from review_service.db import StrEnumType
from review_service.documents.models import Document
from review_service.documents.services import CASE_DOCUMENT_KINDS
from review_service.domain.kinds import DocumentKind, LetterKind
from review_service.letters.models import Letter


def test_a_kind_is_stored_as_its_value_and_read_back_as_the_member() -> None:
    table = Table(
        "things",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("kind", StrEnumType(LetterKind, 30)),
    )
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(table), [{"kind": LetterKind.OUTCOME}, {"kind": "extension"}])
        stored = conn.execute(text("SELECT kind FROM things ORDER BY id")).scalars().all()
        read = conn.execute(select(table.c.kind).order_by(table.c.id)).scalars().all()
    assert stored == ["outcome", "extension"]
    assert read == [LetterKind.OUTCOME, LetterKind.EXTENSION]
    assert all(type(kind) is LetterKind for kind in read)
    with pytest.raises(Exception, match="not a valid LetterKind"), engine.begin() as conn:
        conn.execute(insert(table), [{"kind": "diary"}])


def test_the_columns_keep_their_strings_and_lengths() -> None:
    for column, kinds in (
        (Letter.__table__.c.kind, LetterKind),
        (Document.__table__.c.kind, DocumentKind),
    ):
        assert column.type.impl.length == 30  # type: ignore[attr-defined]
        assert max(len(kind) for kind in kinds) <= 30
    assert tuple(DocumentKind) == CASE_DOCUMENT_KINDS
    assert [str(kind) for kind in DocumentKind] == [
        "request", "response", "review_request", "review_outcome", "correspondence", "consent",
    ]  # fmt: skip
