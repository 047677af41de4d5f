"""Finding cases by a few words: the reference, the requester's name or the request's text.

A search is a substring match, case-insensitive, as a person expects from a search box. At
scale it must not read every row. Each database keeps one search row per case with what the
search looks in, kept up to date by triggers: on SQLite an FTS5 table with the trigram
tokenizer (``case_search``, migration 0004), on PostgreSQL a table of the three texts in lower
case under one trigram index (pg_trgm, migration 0017) that ``LIKE '%term%'`` uses. Trigrams
need three characters: a shorter term falls back to a plain scan, which is what such a term
would match most of anyway.

Each search row also knows its case's authority while the case is open (migration 0018): on
SQLite an FTS5 ``scope`` column, ``<authority id>`` for an open case and empty for a closed one,
on PostgreSQL ``authority_id`` and ``is_open``, with the authority a key of the trigram index
too, and a second such index of the open cases' rows alone (migration 0019) that a search of
open cases reads, never meeting the closed history. A search of one authority's open cases
(``open_of_authority``: a member of staff's queue) finds only those, however many other
authorities' or closed cases the words are in; the query still says which cases it wants, so
the scope only ever makes the search cheaper.

Any other list scoped to open cases (the queue of every authority) walks its partial index in
due-date order and keeps the cases the search matched (``in_walked_order``): a page then stops
after its rows, instead of looking up every case the search found in the whole table and
sorting them.

A search can match thousands of cases, so its count is capped (``MAX_COUNTED``): pages say
"more than 1,000" rather than counting them all on every page.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ColumnElement, Select, any_, column, func, or_, select, table
from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.cases.models import Case, InformationRequest
from review_service.domain import limits

MAX_COUNTED = 1_000
# Where ``matching_cases(..., hits_first=True)`` writes the condition another way.
HITS_FIRST_DIALECTS = frozenset({"postgresql"})
TRIGRAM = 3

# The SQLite FTS5 table of migration 0004 (no model: it is a virtual table).
_case_search = table("case_search", column("rowid"), column("case_search"))
# The PostgreSQL table of migrations 0017 and 0018 (no model: only its triggers write it).
_pg_case_search = table(
    "case_search",
    column("case_id"),
    column("document"),
    column("authority_id"),
    column("is_open", Boolean),
)


def normalised(term: str) -> str:
    """The words as typed, with runs of spaces made one, at most limits.SEARCH characters."""
    return " ".join(term.split())[: limits.SEARCH]


def _escaped_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    # One FTS5 string: with the trigram tokenizer it matches the text anywhere, like LIKE.
    return '"' + term.replace('"', '""') + '"'


def matching_cases(
    dialect: str,
    term: str,
    *,
    requester_name: bool = True,
    in_walked_order: bool = False,
    open_of_authority: int | None = None,
    hits_first: bool = False,
) -> ColumnElement[bool]:
    """A condition on ``Case`` true for cases whose reference, requester's name (unless
    ``requester_name`` is False) or request text contains ``term``.

    ``open_of_authority``: the query wants only this authority's open cases (and says so
    itself), so the search looks only among those. ``in_walked_order``: the query walks an
    index of its own (the open cases' due dates), so the search's hits are only looked up,
    never used to find the cases. ``hits_first``: the query reads every case the search finds
    (their keys, to count them and place the page among them), so on PostgreSQL the hits are
    found first and each case is then looked up by its id (``id = ANY(ARRAY(...))``): the
    planner otherwise joined them to every open case of the authority, read from the due-date
    index (at 100,000 cases, 9,292 index entries for 231 hits).
    """
    if len(term) >= TRIGRAM and requester_name and dialect in {"sqlite", "postgresql"}:
        if dialect == "sqlite":
            phrase = f"{{reference requester_name request_text}} : {_fts_phrase(term)}"
            if open_of_authority is not None:
                phrase = f'scope : "<{int(open_of_authority)}>" AND {phrase}'
            hits = select(_case_search.c.rowid).where(
                _case_search.c.case_search.op("MATCH")(phrase)
            )
        else:
            hits = select(_pg_case_search.c.case_id).where(
                _pg_case_search.c.document.like(func.lower(_escaped_pattern(term)), escape="\\")
            )
            if open_of_authority is not None:
                hits = hits.where(
                    _pg_case_search.c.authority_id == open_of_authority,
                    _pg_case_search.c.is_open,
                )
            if hits_first and dialect in HITS_FIRST_DIALECTS:
                return Case.id == any_(func.array(hits.scalar_subquery()))
        # "+ 0": SQLite would otherwise look up every hit by id and sort them all.
        walked = in_walked_order and open_of_authority is None and dialect == "sqlite"
        return (Case.id + 0 if walked else Case.id).in_(hits)
    if dialect == "sqlite" and len(term) >= TRIGRAM:
        phrase = f"{{reference request_text}} : {_fts_phrase(term)}"
        search = select(_case_search.c.rowid).where(_case_search.c.case_search.op("MATCH")(phrase))
        return Case.id.in_(search)
    # A term too short for trigrams, or a requester's own cases (few): looked at row by row.
    request_text = (
        select(InformationRequest.text)
        .where(InformationRequest.id == Case.information_request_id)
        .scalar_subquery()
    )
    conditions = [
        Case.reference.icontains(term, autoescape=True),
        request_text.icontains(term, autoescape=True),
    ]
    if requester_name:
        name = select(User.name).where(User.id == Case.requester_id).scalar_subquery()
        conditions.append(name.icontains(term, autoescape=True))
    return or_(*conditions)


def capped_count(session: Session, query: Select[Case], cap: int | None) -> tuple[int, bool]:
    """How many rows ``query`` returns, counting at most ``cap`` (then True: "more than")."""
    if cap is None:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0, False
    limited = query.with_only_columns(Case.id).order_by(None).limit(cap + 1).subquery()
    count = session.scalar(select(func.count()).select_from(limited)) or 0
    return (cap, True) if count > cap else (count, False)
