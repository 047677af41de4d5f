"""``review-service seed-load``: a large, realistic synthetic history for load tests.

What a service used for years by many authorities looks like, not a pile of open cases in one
authority: authorities of very different sizes (FOIA, EIR and FOISA), about one requester for
every three cases (a few file many), a history spread over six years in which closed and
withdrawn cases are about half, every state of the lifecycle represented with the records that
state implies (review decisions and findings, referrals, decision notices, tribunal appeals),
about ten audit events per case, the letters the history implies and the documents' metadata.

Every date the service would compute is computed by the same domain functions the services use
(review due dates, late review requests, decision-notice compliance and appeal dates, review
outcomes from the findings), so the seeded cases behave like real ones on every page.

Rows are written with bulk Core INSERTs in batches of cases, one transaction per batch, with
explicit ids (PostgreSQL sequences are moved past them at the end).

What is not a full copy of production, and why:
- Letters are real, short one-page PDFs naming the case and the letter, not full renders: a
  rendered letter embeds two font subsets (about 44 KB and 18 ms each), which for ~170,000
  letters would mean ~7 GB and most of an hour. The benchmark renders full letters and packs
  on cases it makes itself.
- Documents share a small set of stored files (documents are stored once per content, so many
  rows naming the same bytes is what the store does anyway); the files are written to
  UPLOAD_DIR so every seeded document can be downloaded.
- Seeded accounts have no password (like accounts made by a caseworker filing for someone):
  give one a password with ``review-service reset-password`` to sign in as it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import JSON, Table, func, select, text
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, Role, User
from review_service.audit.chain import seal_rows
from review_service.audit.models import AuditEvent
from review_service.cases.models import (
    Case,
    CitedProvision,
    Ground,
    InformationRequest,
    RefusalNotice,
)
from review_service.db import Base
from review_service.documents.models import Document
from review_service.documents.services import PDF, TEXT_UTF8, stored_path
from review_service.domain import deadlines
from review_service.domain.calendar import Regime
from review_service.domain.deadlines import AuthorityPolicy
from review_service.domain.exemptions import (
    catalogue,
    format_provision,
    is_absolute,
    provision_parts,
)
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for
from review_service.domain.review import (
    GroundKind,
    ProvisionOutcome,
    derive_outcome,
    is_procedural,
)
from review_service.letters.models import Letter
from review_service.regulator.models import (
    DecisionNotice,
    DecisionNoticeFinding,
    RegulatorReferral,
    TribunalAppeal,
)
from review_service.reviews.models import GroundFinding, ProvisionFinding, ReviewDecision

BATCH = 2_000
HISTORY_YEARS = 6

# The final state of a seeded case, and how common each is: closed history dominates.
STATUS_MIX: tuple[tuple[CaseStatus, float], ...] = (
    (CaseStatus.CLOSED, 0.45),
    (CaseStatus.WITHDRAWN, 0.07),
    (CaseStatus.RECEIVED, 0.05),
    (CaseStatus.IN_REVIEW, 0.09),
    (CaseStatus.DECIDED, 0.22),
    (CaseStatus.REFERRED, 0.07),
    (CaseStatus.REGULATOR_DECIDED, 0.035),
    (CaseStatus.APPEALED, 0.015),
)

# How common each provision is in real refusal notices (others get weight 1), and the
# subsection usually cited.
_COMMON: dict[Regime, dict[str, int]] = {
    Regime.FOIA: {
        "40": 40,
        "12": 20,
        "31": 18,
        "43": 16,
        "14(1)": 8,
        "21": 8,
        "36": 7,
        "30": 6,
        "42": 6,
        "22": 5,
        "35": 5,
        "41": 5,
        "24": 4,
        "38": 4,
        "23": 3,
        "44": 3,
    },
    Regime.EIR: {
        "13": 20,
        "12(4)(b)": 8,
        "12(5)(e)": 6,
        "12(4)(d)": 5,
        "12(5)(b)": 4,
        "12(5)(a)": 3,
    },
    Regime.FOISA: {"38": 20, "12": 10, "33": 8, "30": 8, "35": 8, "27": 3},
}
_SUBSECTION = {"40": "2", "43": "2", "31": "1", "36": "2", "38": "1", "30": "1", "42": "1"}

_FIRST = [
    "Aisha",
    "Alex",
    "Amira",
    "Ben",
    "Callum",
    "Chloe",
    "Daniel",
    "Deborah",
    "Eilidh",
    "Ewan",
    "Fatima",
    "Fiona",
    "George",
    "Grace",
    "Hamish",
    "Harriet",
    "Iain",
    "Imran",
    "Isla",
    "Jack",
    "Jasmine",
    "Kate",
    "Kwame",
    "Laura",
    "Liam",
    "Mairi",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Olivia",
    "Priya",
    "Rhys",
    "Rosie",
    "Ruth",
    "Sam",
    "Sian",
    "Sophie",
    "Tom",
    "Yusuf",
    "Zara",
]
_LAST = [
    "Abbott",
    "Ahmed",
    "Bell",
    "Brown",
    "Campbell",
    "Chaudhry",
    "Clarke",
    "Davies",
    "Edwards",
    "Evans",
    "Fraser",
    "Green",
    "Hall",
    "Hughes",
    "Jones",
    "Khan",
    "Kelly",
    "Lewis",
    "MacDonald",
    "Martin",
    "Morgan",
    "Murray",
    "Nowak",
    "O'Brien",
    "Owen",
    "Patel",
    "Reid",
    "Roberts",
    "Robertson",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Stewart",
    "Taylor",
    "Thomas",
    "Walker",
    "Watson",
    "Williams",
    "Wilson",
    "Wright",
    "Young",
]
_PLACES = [
    "Northshire",
    "Eastmoor",
    "Westvale",
    "Southdown",
    "Highfield",
    "Rivermead",
    "Ashcombe",
    "Bramley",
    "Castleford",
    "Dunmore",
    "Elmbridge",
    "Fairholme",
    "Glenrock",
    "Hartwell",
    "Ironbridge",
    "Kingsmere",
    "Larchfield",
    "Millbrook",
    "Newhaven",
    "Oakdene",
    "Pinewood",
    "Queensferry",
    "Redcliffe",
    "Stonebridge",
    "Thornbury",
    "Upton",
    "Wyefield",
]
_FOIA_KINDS = (
    "County Council",
    "Police",
    "NHS Foundation Trust",
    "Borough Council",
    "Fire and Rescue Service",
    "University",
    "Combined Authority",
    "Clinical Commissioning Group",
)
_FOISA_KINDS = ("Council", "Health Board", "Police Division", "College")

_TOPICS = (
    "drones bought by the force",
    "spending on agency staff",
    "potholes reported on the A38",
    "parking fines issued",
    "contracts with consultants",
    "the new bus lane consultation",
    "complaints about noise",
    "rough sleepers counted",
    "school exclusions",
    "air quality monitoring",
    "trees felled in parks",
    "the cost of the office move",
    "overtime paid to senior officers",
    "stop and search figures",
    "bin collection failures",
    "the flood defence scheme",
    "waiting times for hip operations",
    "data breaches reported",
    "legal fees in the planning appeal",
    "gifts and hospitality declared",
    "meetings with developers",
    "the incinerator contract",
    "speed camera income",
    "vacant council homes",
    "fly-tipping prosecutions",
    "the leisure centre closure",
    "mobile phone masts on council land",
    "use of facial recognition",
    "ambulance handover delays",
    "the sale of the old town hall",
    "pesticide use on verges",
    "sewage discharge reports",
    "the housing repairs backlog",
    "tasers drawn by officers",
    "cyber attack recovery costs",
    "interpreters booked",
    "electric vehicle chargers installed",
    "the bridge inspection report",
    "consultancy on the rebrand",
    "library opening hours",
)
_ASKS = (
    "Please send me all information held about {topic} for {year}.",
    "I would like copies of the reports and e-mails about {topic} since {year}.",
    "Please tell me the total spent on {topic} in {year}, broken down by month.",
    "Under the Act, please provide the minutes of meetings that discussed {topic} in {year}.",
)
_GROUND_TEXT = {
    GroundKind.PROVISION: "I do not accept that this exemption applies to all of the information.",
    GroundKind.MORE_INFORMATION_HELD: "Your own published minutes refer to further reports.",
    GroundKind.LATE_RESPONSE: "The response came after the twenty working days allowed.",
    GroundKind.INADEQUATE_NOTICE: "The notice does not say why the public interest favours "
    "withholding.",
    GroundKind.NO_ADVICE_AND_ASSISTANCE: "You did not suggest how I could narrow my request.",
    GroundKind.OTHER: "Part of my request was not answered at all.",
}
_CLOSURE_REASONS = (
    "No complaint to the regulator within the time allowed",
    "Information released in full after the review",
    "Requester confirmed they are satisfied",
    "Regulator's decision complied with",
    "Tribunal appeal concluded",
)


# ---------------------------------------------------------------------------------------------
# Sample files for document metadata


_PDF_HEAD = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n"
)
_PDF_FONT = b"5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n"
_PDF_OFFSETS = [
    _PDF_HEAD.index(f"{n} 0 obj".encode()) for n in (1, 2, 3)
]  # where objects 1-3 start


def _minimal_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF showing ``lines`` in Helvetica (ASCII text only). Only the page's
    content stream differs from one letter to the next, so the rest is laid out once."""

    def esc(line: str) -> str:
        line = line.encode("ascii", "replace").decode("ascii")
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 11 Tf 72 770 Td 14 TL " + " ".join(f"({esc(x)}) '" for x in lines) + " ET"
    stream = body.encode("ascii")
    contents = b"4 0 obj\n<< /Length %d >>\nstream\n%b\nendstream\nendobj\n" % (len(stream), stream)
    font_at = len(_PDF_HEAD) + len(contents)
    xref = font_at + len(_PDF_FONT)
    offsets = [*_PDF_OFFSETS, len(_PDF_HEAD), font_at]
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return b"".join(
        (
            _PDF_HEAD,
            contents,
            _PDF_FONT,
            b"xref\n0 6\n0000000000 65535 f \n",
            table,
            b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref,
        )
    )


@dataclass(frozen=True)
class SampleFile:
    kind: str
    filename: str
    media_type: str
    data: bytes

    @functools.cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sample_files() -> list[SampleFile]:
    files = []
    for n, topic in enumerate(_TOPICS[:6]):
        request = (
            f"Dear FOI team,\n\n{_ASKS[n % len(_ASKS)].format(topic=topic, year=2020 + n)}\n\n"
            "I would prefer to receive the information electronically.\n\nYours faithfully\n"
        )
        files.append(SampleFile("request", f"request-{n + 1}.txt", TEXT_UTF8, request.encode()))
        response = [
            "Response to your request for information",
            f"You asked about {topic}.",
            "We hold some of the information. Parts are withheld under section 40(2)",
            "(personal information) and section 43(2) (commercial interests).",
            "If you are unhappy you may ask for an internal review within 40 working days.",
        ]
        files.append(SampleFile("response", f"response-{n + 1}.pdf", PDF, _minimal_pdf(response)))
    review = "I am writing to ask for an internal review of your response to my request.\n"
    files.append(SampleFile("review_request", "review-request.txt", TEXT_UTF8, review.encode()))
    return files


def write_sample_files(upload_dir: Path, files: list[SampleFile]) -> None:
    for sample in files:
        path = stored_path(upload_dir, sample.sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(sample.data)


# ---------------------------------------------------------------------------------------------
# The people


@dataclass
class Staff:
    caseworkers: list[int]
    reviewers: list[int]
    names: dict[int, str]


@dataclass
class World:
    """What every batch draws from: authorities, staff, requesters, the clock."""

    today: dt.date
    authorities: list[tuple[int, str, Regime, AuthorityPolicy]]
    authority_weights: list[float]
    staff: dict[int, Staff]
    requesters: list[int]
    requester_weights: list[float]
    requester_names: dict[int, str]
    samples: list[SampleFile]
    first_case_id: int
    ids: dict[str, int] = field(default_factory=dict)

    @functools.cached_property
    def authority_cum(self) -> list[float]:
        return list(itertools.accumulate(self.authority_weights))

    @functools.cached_property
    def requester_cum(self) -> list[float]:
        return list(itertools.accumulate(self.requester_weights))

    @functools.cached_property
    def authority_names(self) -> dict[int, str]:
        return {a[0]: a[1] for a in self.authorities}

    @functools.cached_property
    def catalogues(self) -> dict[Regime, list[Any]]:
        return {regime: catalogue(regime) for regime in Regime}

    @functools.cached_property
    def catalogue_weights(self) -> dict[Regime, list[int]]:
        return {
            regime: [_COMMON[regime].get(entry.section, 1) for entry in entries]
            for regime, entries in self.catalogues.items()
        }

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _authority_names(count: int, rng: random.Random) -> list[tuple[str, Regime]]:
    names: list[tuple[str, Regime]] = []
    places = list(_PLACES)
    rng.shuffle(places)
    for i in range(count):
        place = places[i % len(places)]
        scottish = i % 6 == 2
        kind = rng.choice(_FOISA_KINDS if scottish else _FOIA_KINDS)
        suffix = f" {i // len(places) + 1}" if i >= len(places) else ""
        names.append((f"{place} {kind}{suffix}", Regime.FOISA if scottish else Regime.FOIA))
    return names


def _next_ids(session: Session, tables: list[Table]) -> dict[str, int]:
    return {t.name: session.scalar(select(func.coalesce(func.max(t.c.id), 0))) or 0 for t in tables}


def _table(model: type[Base]) -> Table:
    """A mapped class's table (typed as any FromClause by SQLAlchemy)."""
    return cast(Table, model.__table__)


def _insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    _BulkWriter(session).write(table, rows)


class _BulkWriter:
    """Writes a table's rows the fastest way each database takes them, in the session's
    transaction: ``COPY ... FROM STDIN`` on PostgreSQL (psycopg), the driver's
    ``executemany`` on SQLite with each value as the column's type would send it (dates and
    times as SQLAlchemy stores them). A column the rows leave out takes its default; a JSON
    value already given as text (the audit rows, see ``seal_rows``) is stored as it is."""

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        self.dialect = connection.dialect
        self.postgresql = self.dialect.name == "postgresql"
        self.driver: Any = connection.connection.dbapi_connection

    def write(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        given = list(rows[0])
        left_out = [c for c in table.c if c.name not in rows[0]]
        defaults = {}
        for column in left_out:
            if column.default is not None and column.default.is_scalar:
                defaults[column.name] = cast(Any, column.default).arg
            elif column.default is not None:
                raise ValueError(f"seed-load: give {table.name}.{column.name} a value")
        names = [*given, *defaults]
        columns = [table.c[name] for name in names]
        fixed = list(defaults.values())
        quote = self.dialect.identifier_preparer.quote
        into = f"{quote(table.name)} ({', '.join(quote(name) for name in names)})"
        process: list[tuple[int, Callable[[Any], Any]]] = []
        for index, column in enumerate(columns):
            if isinstance(column.type, JSON):
                process.append((index, _json_text))
            elif not self.postgresql:
                processor = column.type._cached_bind_processor(self.dialect)  # noqa: SLF001
                if processor is not None:
                    process.append((index, self._faster(processor, rows, names[index])))

        def values(row: dict[str, Any]) -> list[Any]:
            out = [row[name] for name in given]
            out += fixed
            for index, processor in process:
                if out[index] is not None:
                    out[index] = processor(out[index])
            return out

        assert self.driver is not None
        if self.postgresql:
            with (
                self.driver.cursor() as cursor,
                cursor.copy(f"COPY {into} FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(values(row))
        else:
            marks = ", ".join("?" * len(names))
            cursor = self.driver.cursor()
            try:
                cursor.executemany(
                    f"INSERT INTO {into} VALUES ({marks})",  # noqa: S608 - names from the models
                    [values(row) for row in rows],
                )
            finally:
                cursor.close()

    @staticmethod
    def _faster(
        processor: Callable[[Any], Any], rows: list[dict[str, Any]], name: str
    ) -> Callable[[Any], Any]:
        """SQLite's date and time processors, done by ``isoformat`` (several times faster),
        when they give the same text for this column's first value; else the processor."""
        sample = next((row[name] for row in rows if row.get(name) is not None), None)
        for fast in (_sqlite_datetime, _sqlite_date, _unchanged):
            try:
                if sample is not None and fast(sample) == processor(sample):
                    return fast
            except (AttributeError, TypeError):
                continue
        return processor


def _sqlite_datetime(value: dt.datetime) -> str:
    # "2026-03-01 09:30:00.000000": SQLAlchemy's SQLite DATETIME, of the time in UTC.
    if not isinstance(value, dt.datetime):
        raise TypeError
    return value.astimezone(dt.UTC).isoformat(" ", "microseconds")[:26]


def _sqlite_date(value: dt.date) -> str:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError
    return value.isoformat()


def _unchanged(value: Any) -> Any:
    if not isinstance(value, int | str | bytes):
        raise TypeError
    return value


def _json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _build_world(
    session: Session,
    *,
    cases: int,
    authority_count: int,
    today: dt.date,
    rng: random.Random,
    upload_dir: Path,
) -> World:
    tables = [t for t in Base.metadata.sorted_tables if "id" in t.c]
    ids = _next_ids(session, tables)
    stamp = f"{ids['users'] + 1}"  # keeps e-mail addresses unique if seeded twice
    created = dt.datetime.combine(
        today - dt.timedelta(days=365 * HISTORY_YEARS + 30), dt.time(9), dt.UTC
    )

    authorities: list[tuple[int, str, Regime, AuthorityPolicy]] = []
    rows: list[dict[str, Any]] = []
    for name, regime in _authority_names(authority_count, rng):
        ids["authorities"] += 1
        slug = name.lower().replace(" ", "-")
        policy = AuthorityPolicy(
            receipt_on_non_working_day_starts_next_working_day=rng.random() < 0.2,
            refuse_late_review_requests=rng.random() < 0.1,
        )
        rows.append(
            {
                "id": ids["authorities"],
                "name": f"{name} ({stamp})" if stamp != "1" else name,
                "regime": regime.value,
                "email": f"foi@{slug}.example",
                "address": f"{name}\nCivic Centre\n{name.split()[0]}\nAB1 2CD",
                "telephone": "01632 960000",
                "letter_footer": f"{name} is a public authority under the Act.",
                "signatory_title": "Internal reviewer",
                "receipt_on_non_working_day_starts_next_working_day": (
                    policy.receipt_on_non_working_day_starts_next_working_day
                ),
                "refuse_late_review_requests": policy.refuse_late_review_requests,
                "review_request_window_working_days": policy.review_request_window_working_days,
                "is_listed": True,
                "created_at": created,
            }
        )
        authorities.append((ids["authorities"], name, regime, policy))
    _insert(session, _table(Authority), rows)
    # A few large authorities (a big police force, a city council) and a long tail.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(authorities))]

    users: list[dict[str, Any]] = []
    staff: dict[int, Staff] = {}

    def add_user(role: Role, name: str, email: str, authority_id: int | None) -> int:
        ids["users"] += 1
        users.append(
            {
                "id": ids["users"],
                "email": email,
                "name": name,
                "password_hash": None,
                "role": role.value,
                "authority_id": authority_id,
                "postal_address": "",
                "email_confirmed_at": created,
                "is_active_account": True,
                "created_at": created,
            }
        )
        return ids["users"]

    share = sum(weights)
    for (authority_id, *_rest), weight in zip(authorities, weights, strict=True):
        size = max(2, round(12 * weight / share * len(authorities) ** 0.5))
        team = Staff([], [], {})
        for role, count, bucket in (
            (Role.CASEWORKER, max(2, size // 3), team.caseworkers),
            (Role.REVIEWER, max(3, size), team.reviewers),
        ):
            for n in range(count):
                person = _name(rng)
                user_id = add_user(
                    role,
                    person,
                    f"{role.value}{n + 1}.a{authority_id}.{stamp}@seed.example",
                    authority_id,
                )
                bucket.append(user_id)
                team.names[user_id] = person
        staff[authority_id] = team
    add_user(Role.ADMIN, "Seed Administrator", f"admin.{stamp}@seed.example", None)
    add_user(Role.CASEWORKER, "National Caseworker", f"caseworker.{stamp}@seed.example", None)

    requesters: list[int] = []
    names: dict[int, str] = {}
    for n in range(max(1, cases // 3)):
        person = _name(rng)
        first, last = person.lower().replace("'", "").split(" ", 1)
        user_id = add_user(
            Role.REQUESTER, person, f"{first}.{last}.{n + 1}.{stamp}@seed.example", None
        )
        requesters.append(user_id)
        names[user_id] = person
    _insert(session, _table(User), users)
    # Journalists and campaigners file many complaints; most people file one or two.
    requester_weights = [1 / (rank + 1) ** 0.35 for rank in range(len(requesters))]
    rng.shuffle(requester_weights)

    samples = sample_files()
    write_sample_files(upload_dir, samples)
    return World(
        today=today,
        authorities=authorities,
        authority_weights=weights,
        staff=staff,
        requesters=requesters,
        requester_weights=requester_weights,
        requester_names=names,
        samples=samples,
        first_case_id=ids["cases"] + 1,
        ids=ids,
    )


# ---------------------------------------------------------------------------------------------
# Dates, computed as the services compute them


@functools.lru_cache(maxsize=200_000)
def _review_due(
    regime: Regime, received: dt.date, extended: bool, policy: AuthorityPolicy
) -> dt.date:
    return deadlines.review_response_due(regime, received, extended=extended, policy=policy).due


@functools.lru_cache(maxsize=200_000)
def _request_window(
    regime: Regime, response: dt.date, request_received: dt.date, policy: AuthorityPolicy
) -> deadlines.Deadline:
    return deadlines.review_request_window(
        regime, response, request_received_on=request_received, policy=policy
    )


def _late_request(
    regime: Regime,
    response: dt.date,
    request_received: dt.date,
    received: dt.date,
    policy: AuthorityPolicy,
) -> bool:
    return _request_window(regime, response, request_received, policy).is_overdue(received)


@functools.lru_cache(maxsize=50_000)
def _route_opens(regime: Regime, received: dt.date) -> dt.date:
    return deadlines.regulator_route_opens(regime, received).due


_provision_parts = functools.lru_cache(maxsize=1_000)(provision_parts)


@functools.lru_cache(maxsize=2_000)
def _provision(regime: Regime, parts: tuple[str, ...]) -> tuple[str, bool]:
    """A cited provision as the notice reader writes it, and whether it is absolute."""
    code = format_provision(regime, parts)
    return code, is_absolute(regime, code)


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time in office hours on that day, in UTC."""
    return dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)), dt.UTC)


@functools.lru_cache(maxsize=100_000)
def _event_time(day: dt.date, step: int) -> dt.datetime:
    """The ``step``-th event of a case on ``day``: later steps later in the day, so the audit
    trail reads in order."""
    return dt.datetime.combine(day, dt.time(9), dt.UTC) + dt.timedelta(minutes=7 * step)


def _weekday_after(day: dt.date, days: int) -> dt.date:
    day += dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _received_on(status: CaseStatus, today: dt.date, rng: random.Random) -> dt.date:
    """When a case now in ``status`` was received: recent for the review stage, any time in
    the history for the later and closed states (more recent years busier)."""
    span = 365 * HISTORY_YEARS
    if status is CaseStatus.RECEIVED:
        ago = rng.randint(0, 45) if rng.random() < 0.93 else rng.randint(46, 400)
    elif status is CaseStatus.IN_REVIEW:
        ago = rng.randint(3, 75) if rng.random() < 0.9 else rng.randint(76, 500)
    elif status is CaseStatus.DECIDED:
        ago = rng.randint(25, span)
    elif status is CaseStatus.REFERRED:
        ago = rng.randint(70, 3 * 365)
    elif status in (CaseStatus.REGULATOR_DECIDED, CaseStatus.APPEALED):
        ago = rng.randint(200, span)
    elif status is CaseStatus.WITHDRAWN:
        ago = rng.randint(5, span)
    else:
        ago = int(60 + (span - 60) * rng.random() ** 0.8)
    return _weekday_after(today - dt.timedelta(days=ago), 0) if ago else today


# ---------------------------------------------------------------------------------------------
# One batch of cases


@dataclass
class Batch:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)


ORDER = tuple(
    _table(model)
    for model in (
        InformationRequest,
        RefusalNotice,
        CitedProvision,
        Case,
        Ground,
        Document,
        Letter,
        ReviewDecision,
        GroundFinding,
        ProvisionFinding,
        RegulatorReferral,
        DecisionNotice,
        DecisionNoticeFinding,
        TribunalAppeal,
        AuditEvent,
    )
)


class CaseWriter:
    """Builds the rows of one case, following its history day by day up to its final state."""

    def __init__(self, world: World, batch: Batch, rng: random.Random) -> None:
        self.world = world
        self.batch = batch
        self.rng = rng

    def event(
        self,
        case: dict[str, Any],
        actor: int | None,
        action: str,
        summary: str,
        day: dt.date,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        visible: bool = True,
    ) -> None:
        plain = {
            k: v.isoformat() if isinstance(v, dt.date) else v for k, v in (after or {}).items()
        }
        self.batch.add(
            "audit_events",
            {
                "id": self.world.next_id("audit_events"),
                "case_id": case["id"],
                "actor_id": actor,
                "action": action,
                "summary": summary,
                "before": {
                    k: v.isoformat() if isinstance(v, dt.date) else v
                    for k, v in (before or {}).items()
                },
                "after": plain,
                "at": _event_time(day, case["version"]),
                "visible_to_requester": visible,
            },
        )
        case["updated_at"] = _event_time(day, case["version"])
        case["_last"] = day
        case["version"] += 1

    def draft_saved(self, case: dict[str, Any], reviewer: int, day: dt.date) -> None:
        """The reviewer saved a draft decision (staff only, as the service records it)."""
        self.event(case, reviewer, "save_decision", "Decision draft saved", day, visible=False)

    def letter(
        self, case: dict[str, Any], kind: str, title: str, day: dt.date, by: int | None
    ) -> None:
        pdf = _minimal_pdf(
            [
                self.world.authority_names[case["authority_id"]],
                f"{title} - {case['reference']}",
                f"Dated {day:%d %B %Y}",
                f"To {self.world.requester_names.get(case['requester_id'], 'the requester')}",
            ]
        )
        self.batch.add(
            "letters",
            {
                "id": self.world.next_id("letters"),
                "case_id": case["id"],
                "kind": kind,
                "version": 1,
                "supersedes_id": None,
                "title": title,
                "letter_date": day,
                "issued_at": _at(day, self.rng),
                "issued_by_id": by,
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "pdf": pdf,
            },
        )

    def document(self, case: dict[str, Any], sample: SampleFile, owner: int, day: dt.date) -> None:
        document_id = self.world.next_id("documents")
        title = {
            "request": "My original request",
            "response": "The authority's response",
            "review_request": "My request for a review",
        }[sample.kind]
        self.batch.add(
            "documents",
            {
                "id": document_id,
                "case_id": case["id"],
                "owner_id": owner,
                "kind": sample.kind,
                "title": title,
                "filename": sample.filename,
                "media_type": sample.media_type,
                "sha256": sample.sha256,
                "size": len(sample.data),
                "dated": day,
                "created_at": _at(day, self.rng),
            },
        )
        self.event(
            case,
            owner,
            "upload_document",
            f"Document uploaded: {title}",
            day,
            after={
                "document_id": document_id,
                "filename": sample.filename,
                "media_type": sample.media_type,
                "size": len(sample.data),
                "sha256": sample.sha256,
                "kind": sample.kind,
            },
        )

    # -- the case and its history -------------------------------------------------------------

    def write(self, status: CaseStatus) -> None:
        rng, world = self.rng, self.world
        today = world.today
        authority_id, _name, home_regime, policy = rng.choices(
            world.authorities, cum_weights=world.authority_cum
        )[0]
        team = world.staff[authority_id]
        regime = home_regime if rng.random() < 0.87 else Regime.EIR
        requester = rng.choices(world.requesters, cum_weights=world.requester_cum)[0]
        received = _received_on(status, today, rng)
        sent = received - dt.timedelta(days=rng.randint(25, 80))
        no_response = rng.random() < 0.05
        response = None if no_response else min(received, _weekday_after(sent, rng.randint(10, 40)))
        case_id = world.next_id("cases")
        request_id = world.next_id("information_requests")
        notice_id = world.next_id("refusal_notices")
        topic = rng.choice(_TOPICS)
        self.batch.add(
            "information_requests",
            {
                "id": request_id,
                "authority_id": authority_id,
                "requester_id": requester,
                "authority_reference": f"FOI-{sent.year}-{rng.randint(100, 99999):05d}",
                "sent_on": sent,
                "received_on": sent,  # requests are e-mailed, so received the day they are sent
                "text": rng.choice(_ASKS).format(topic=topic, year=sent.year - rng.randint(0, 3)),
            },
        )
        self.batch.add(
            "refusal_notices",
            {
                "id": notice_id,
                "information_request_id": request_id,
                "no_response": no_response,
                "issued_on": response,
                "text": "" if no_response else f"We have considered your request about {topic}.",
                "review_window_working_days": None if no_response or rng.random() < 0.7 else 40,
            },
        )
        cited: list[tuple[int, str, bool]] = []  # (id, provision, absolute)
        if not no_response:
            entries = world.catalogues[regime]
            chosen = {}
            count = rng.choice((1, 1, 2, 2, 2, 3, 4))
            for entry in rng.choices(entries, world.catalogue_weights[regime], k=count):
                chosen[entry.section] = entry
            for position, entry in enumerate(chosen.values()):
                parts = _provision_parts(entry.section)
                ncnd = bool(entry.ncnd_subsections) and rng.random() < 0.12
                if ncnd:
                    parts = (parts[0], entry.ncnd_subsections[0])
                elif len(parts) == 1 and entry.section in _SUBSECTION and rng.random() < 0.7:
                    parts = (parts[0], _SUBSECTION[entry.section])
                code, absolute = _provision(regime, parts)
                cited_id = world.next_id("cited_provisions")
                self.batch.add(
                    "cited_provisions",
                    {
                        "id": cited_id,
                        "refusal_notice_id": notice_id,
                        "position": position,
                        "provision": code,
                        "section": entry.section,
                        "title": entry.title,
                        "absolute": absolute,
                        "ncnd": ncnd,
                    },
                )
                cited.append((cited_id, code, absolute))

        late = response is not None and _late_request(regime, response, sent, received, policy)
        by_staff = rng.random() < 0.15
        filer = rng.choice(team.caseworkers) if by_staff else requester
        case: dict[str, Any] = {
            "id": case_id,
            "reference": f"IR-{received.year}-{case_id:05d}",
            "authority_id": authority_id,
            "requester_id": requester,
            "information_request_id": request_id,
            "refusal_notice_id": notice_id,
            "regime": regime.value,
            "status": CaseStatus.RECEIVED.value,
            "received_on": received,
            "review_due_on": _review_due(regime, received, False, policy),
            "late_request": late,
            "acting_for_someone_else": rng.random() < 0.03,
            "previous_regulator_reference": "",
            "regulator_challenge_text": "",
            "regulator_conduct_text": "",
            "filed_by_id": filer,
            "acknowledged_on": None,
            "original_decision_maker_id": None,
            "original_decision_maker_name": "",
            "reviewer_id": None,
            "extended": False,
            "extension_reason": "",
            "outcome": None,
            "decided_on": None,
            "closed_on": None,
            "closure_reason": "",
            "created_at": _at(received, rng),
            "updated_at": _at(received, rng),
            "version": 0,
        }
        self.event(
            case,
            filer,
            "file",
            "Complaint filed" + (" on the requester's behalf" if by_staff else ""),
            received,
            after={
                "status": "received",
                "reference": case["reference"],
                "received_on": received,
                "review_due_on": case["review_due_on"],
                "late_request": late,
            },
        )
        grounds: list[tuple[int, GroundKind]] = []
        kinds = [GroundKind.PROVISION] * min(len(cited), rng.choice((1, 1, 2))) + rng.sample(
            [k for k in GroundKind if k is not GroundKind.PROVISION], rng.choice((0, 1, 1, 2))
        )
        if not kinds:
            kinds = [GroundKind.MORE_INFORMATION_HELD]
        for position, kind in enumerate(kinds):
            ground_id = world.next_id("grounds")
            self.batch.add(
                "grounds",
                {
                    "id": ground_id,
                    "case_id": case_id,
                    "position": position,
                    "kind": kind.value,
                    "cited_provision_id": cited[position][0]
                    if kind is GroundKind.PROVISION
                    else None,
                    "requester_text": _GROUND_TEXT[kind],
                },
            )
            grounds.append((ground_id, kind))
        owner = filer
        samples = world.samples
        pair = rng.randrange(6)
        self.document(case, samples[2 * pair], owner, received)
        if not no_response:
            self.document(case, samples[2 * pair + 1], owner, received)
        if rng.random() < 0.3:
            self.document(case, samples[-1], owner, received)

        self._review_stage(case, status, team, regime, policy, cited, grounds)
        if case["_stopped"]:
            self._finish(case, status)
            return
        self._later_stages(case, status, team, regime, cited)
        self._finish(case, status)

    def _day(self, case: dict[str, Any], after: dt.date, lo: int, hi: int) -> dt.date | None:
        """A working day ``lo``..``hi`` days after ``after``, or None if that is after today."""
        after = max(after, case.get("_last", after))
        day = _weekday_after(after, self.rng.randint(lo, hi))
        return None if day > self.world.today else day

    def _review_stage(
        self,
        case: dict[str, Any],
        status: CaseStatus,
        team: Staff,
        regime: Regime,
        policy: AuthorityPolicy,
        cited: list[tuple[int, str, bool]],
        grounds: list[tuple[int, GroundKind]],
    ) -> None:
        rng = self.rng
        case["_stopped"] = True
        received = case["received_on"]
        withdrawn_early = status is CaseStatus.WITHDRAWN and rng.random() < 0.6
        worker = rng.choice(team.caseworkers)
        ack = self._day(case, received, 0, 3)
        if ack is None or (status is CaseStatus.RECEIVED and rng.random() < 0.4):
            return
        case["acknowledged_on"] = ack
        self.event(
            case,
            worker,
            "acknowledge",
            "Complaint acknowledged",
            ack,
            after={"status": "received", "acknowledged_on": ack},
        )
        self.letter(case, "acknowledgement", "Acknowledgement", ack, worker)
        original = rng.choice(team.reviewers)
        case["original_decision_maker_id"] = original
        case["original_decision_maker_name"] = team.names[original]
        self.event(
            case,
            worker,
            "record_original_decision_maker",
            f"Original decision recorded as made by {team.names[original]}",
            ack,
            after={
                "original_decision_maker_id": original,
                "original_decision_maker_name": team.names[original],
            },
            visible=False,
        )
        if status is CaseStatus.RECEIVED or (withdrawn_early and rng.random() < 0.5):
            return
        assigned = self._day(case, ack, 0, 4)
        if assigned is None:
            return
        reviewer = rng.choice([r for r in team.reviewers if r != original])
        case["reviewer_id"] = reviewer
        case["status"] = CaseStatus.IN_REVIEW.value
        self.event(
            case,
            worker,
            "assign",
            f"Review assigned to {team.names[reviewer]}",
            assigned,
            before={"status": "received", "reviewer_id": None},
            after={"status": "in_review", "reviewer_id": reviewer},
        )
        if regime is Regime.FOIA and rng.random() < 0.1:
            extended_on = self._day(case, assigned, 2, 10)
            if extended_on is not None:
                before_due = case["review_due_on"]
                case["extended"] = True
                case["extension_reason"] = "The information is held by several departments."
                case["review_due_on"] = _review_due(regime, received, True, policy)
                self.event(
                    case,
                    worker,
                    "extend",
                    f"Review extended to {case['review_due_on']:%-d %B %Y}: "
                    f"{case['extension_reason']}",
                    extended_on,
                    before={"review_due_on": before_due, "extended": False},
                    after={"review_due_on": case["review_due_on"], "extended": True},
                )
                self.letter(case, "extension", "Extension of the review", extended_on, worker)
        if status is CaseStatus.IN_REVIEW or withdrawn_early:
            if status is not CaseStatus.IN_REVIEW or rng.random() < 0.5:
                saved = self._day(case, assigned, 1, 10)
                if saved is not None:
                    self.draft_saved(case, reviewer, saved)
            return
        # Decided: most on time, some late (the due date is the computed one).
        due = case["review_due_on"]
        if rng.random() < 0.8:
            decided = _weekday_after(assigned, rng.randint(3, max(3, (due - assigned).days)))
        else:
            decided = _weekday_after(due, rng.randint(1, 40))
        decided = max(min(decided, self.world.today), case["_last"])
        saved = max(decided - dt.timedelta(days=rng.randint(0, 3)), case["_last"])
        self.draft_saved(case, reviewer, saved)
        if rng.random() < 0.4:
            self.draft_saved(case, reviewer, decided)
        findings = [
            rng.choices(
                (
                    ProvisionOutcome.MAINTAINED,
                    ProvisionOutcome.WITHDRAWN,
                    ProvisionOutcome.REPLACED,
                ),
                (0.72, 0.23, 0.05),
            )[0]
            for _ in cited
        ]
        # Consistent findings, as the service insists (domain/review.py): a ground against a
        # provision is upheld when the provision is no longer relied on.
        upheld = [
            findings[position] is not ProvisionOutcome.MAINTAINED
            if kind is GroundKind.PROVISION
            else rng.random() < 0.3
            for position, (_ground_id, kind) in enumerate(grounds)
        ]
        substantive_upheld = any(
            is_upheld and kind is not GroundKind.PROVISION and not is_procedural(kind)
            for (_ground_id, kind), is_upheld in zip(grounds, upheld, strict=True)
        )
        every_withdrawn = bool(findings) and all(f is ProvisionOutcome.WITHDRAWN for f in findings)
        releasing = every_withdrawn or (
            (substantive_upheld or bool(findings)) and any(upheld) and rng.random() < 0.7
        )
        outcome = derive_outcome(
            [
                (kind, is_upheld)
                for (_ground_id, kind), is_upheld in zip(grounds, upheld, strict=True)
            ],
            findings,
            releasing_information=releasing,
        )
        decision_id = self.world.next_id("review_decisions")
        self.batch.add(
            "review_decisions",
            {
                "id": decision_id,
                "case_id": case["id"],
                "released_information": "The figures for each year." if releasing else "",
                "letter_summary": "Thank you for asking us to look again at our response.",
                "internal_notes": "Checked with the service area.",
                "updated_by_id": reviewer,
                "updated_at": _at(decided, rng),
            },
        )
        for (ground_id, _kind), is_upheld in zip(grounds, upheld, strict=True):
            self.batch.add(
                "ground_findings",
                {
                    "id": self.world.next_id("ground_findings"),
                    "review_decision_id": decision_id,
                    "ground_id": ground_id,
                    "upheld": is_upheld,
                    "reasons": "We agree." if is_upheld else "We do not agree, for these reasons.",
                },
            )
        for (cited_id, code, absolute), finding in zip(cited, findings, strict=True):
            self.batch.add(
                "provision_decisions",
                {
                    "id": self.world.next_id("provision_decisions"),
                    "review_decision_id": decision_id,
                    "cited_provision_id": cited_id,
                    "finding": finding.value,
                    "replacement_provision": "s.21" if finding is ProvisionOutcome.REPLACED else "",
                    "reasons": f"Our reasons for {code}.",
                    "public_interest_reasons": ""
                    if absolute
                    else "The balance favours withholding.",
                },
            )
        case["outcome"] = outcome.value
        case["decided_on"] = decided
        case["status"] = CaseStatus.DECIDED.value
        self.letter(case, "outcome", "Review outcome", decided, reviewer)
        self.event(
            case,
            reviewer,
            "decide",
            f"Review decided: {outcome.label}",
            decided,
            before={"status": "in_review"},
            after={"status": "decided", "outcome": outcome.value, "decided_on": decided},
        )
        case["_stopped"] = False

    def _later_stages(
        self,
        case: dict[str, Any],
        status: CaseStatus,
        team: Staff,
        regime: Regime,
        cited: list[tuple[int, str, bool]],
    ) -> None:
        rng = self.rng
        worker = rng.choice(team.caseworkers)
        decided = case["decided_on"]
        goes_on = status in (
            CaseStatus.REFERRED,
            CaseStatus.REGULATOR_DECIDED,
            CaseStatus.APPEALED,
        ) or (status is CaseStatus.CLOSED and rng.random() < 0.2)
        if not goes_on:
            return
        referred = self._day(case, decided, 5, 40)
        if referred is None:
            return
        regulator = regulator_for(regime)
        referral_id = self.world.next_id("regulator_referrals")
        referral = {
            "id": referral_id,
            "case_id": case["id"],
            "regulator": regulator.code,
            "basis": "decided",
            "referred_on": referred,
            "out_of_time": False,
            "challenge_text": "The exemptions do not apply to all of the information.",
            "conduct_text": "The review did not consider my points.",
            "regulator_reference": "",
            "investigation_letter_on": None,
            "submission_due_on": None,
            "created_at": _at(referred, rng),
        }
        self.batch.add("regulator_referrals", referral)
        case["status"] = CaseStatus.REFERRED.value
        self.event(
            case,
            case["requester_id"],
            "refer",
            f"{regulator.complaint_heading} made to the {regulator.name}",
            referred,
            before={"status": "decided"},
            after={
                "status": "referred",
                "regulator": regulator.code,
                "basis": "decided",
                "referred_on": referred,
                "out_of_time": False,
            },
        )
        letter_on = self._day(case, referred, 30, 120)
        if letter_on is None:
            return
        reference = f"IC-{rng.randint(100000, 999999)}-{rng.choice('ABCDEFGH')}{rng.randint(1, 9)}"
        referral["regulator_reference"] = reference
        referral["investigation_letter_on"] = letter_on
        referral["submission_due_on"] = letter_on + dt.timedelta(days=20)
        self.event(
            case,
            worker,
            "record_regulator_details",
            f"Regulator's reference {reference} recorded",
            letter_on,
            after={
                "regulator_reference": reference,
                "investigation_letter_on": letter_on,
                "submission_due_on": referral["submission_due_on"],
            },
        )
        if status is CaseStatus.REFERRED:
            return
        issued = self._day(case, letter_on, 60, 250)
        if issued is None:
            return
        is_dn = rng.random() < 0.75 or status is CaseStatus.APPEALED
        steps = "Disclose the withheld figures." if is_dn and rng.random() < 0.4 else ""
        compliance_days = rules_for(regime).appeal.default_compliance_days
        compliance_due = (
            deadlines.decision_notice_compliance(issued, compliance_days, regime=regime).due
            if steps
            else None
        )
        appeal_due = deadlines.regulator_decision_appeal(regime, issued).due if is_dn else None
        notice_id = self.world.next_id("decision_notices")
        dn_reference = (
            f"IC-{rng.randint(100000, 999999)}-{rng.choice('KLMNPQRS')}{rng.randint(1, 9)}"
        )
        complied = self._day(case, issued, 10, 34) if steps and rng.random() < 0.85 else None
        self.batch.add(
            "decision_notices",
            {
                "id": notice_id,
                "case_id": case["id"],
                "kind": "decision_notice" if is_dn else "informal_resolution",
                "reference": dn_reference if is_dn else "",
                "issued_on": issued,
                "steps_required": steps,
                "compliance_days": compliance_days if steps else None,
                "compliance_due_on": compliance_due,
                "complied_on": complied,
                "appeal_due_on": appeal_due,
            },
        )
        dn_findings = []
        for _cited_id, code, _absolute in cited:
            outcome = rng.choice(("upheld", "not_upheld", "not_upheld", "partly_upheld"))
            dn_findings.append([code, outcome])
            self.batch.add(
                "decision_notice_findings",
                {
                    "id": self.world.next_id("decision_notice_findings"),
                    "decision_notice_id": notice_id,
                    "provision": code,
                    "outcome": outcome,
                },
            )
        case["status"] = CaseStatus.REGULATOR_DECIDED.value
        label = f"Decision notice {dn_reference}" if is_dn else "Informal resolution"
        self.event(
            case,
            worker,
            "record_decision_notice",
            f"{label} recorded (dated {issued:%-d %B %Y})",
            issued,
            before={"status": "referred"},
            after={
                "status": "regulator_decided",
                "kind": "decision_notice" if is_dn else "informal_resolution",
                "reference": dn_reference if is_dn else "",
                "issued_on": issued,
                "compliance_due_on": compliance_due,
                "appeal_due_on": appeal_due,
                "findings": dn_findings,
            },
        )
        if complied is not None:
            self.event(
                case,
                worker,
                "record_compliance",
                f"Steps complied with on {complied:%-d %B %Y}",
                complied,
                after={"complied_on": complied, "late": False},
            )
        if status is CaseStatus.REGULATOR_DECIDED or not is_dn or regime is Regime.FOISA:
            return
        if status is CaseStatus.CLOSED and rng.random() < 0.8:
            return
        lodged = self._day(case, issued, 5, 27)
        if lodged is None:
            return
        appellant = rng.choice(("requester", "authority"))
        appeal_id = self.world.next_id("tribunal_appeals")
        appeal = {
            "id": appeal_id,
            "case_id": case["id"],
            "appellant": appellant,
            "lodged_on": lodged,
            "late": False,
            "tribunal_reference": f"EA/{lodged.year}/{rng.randint(1, 999):04d}",
            "outcome": None,
            "outcome_on": None,
            "created_at": _at(lodged, rng),
            "decision_notice_id": notice_id,
        }
        self.batch.add("tribunal_appeals", appeal)
        case["status"] = CaseStatus.APPEALED.value
        self.event(
            case,
            worker,
            "appeal",
            f"Appeal to the First-tier Tribunal lodged by the {appellant}",
            lodged,
            before={"status": "regulator_decided"},
            after={
                "status": "appealed",
                "appellant": appellant,
                "lodged_on": lodged,
                "late": False,
            },
        )
        if status is CaseStatus.APPEALED:
            return
        decided_on = self._day(case, lodged, 90, 300)
        if decided_on is None:
            return
        outcome = rng.choice(("allowed", "dismissed", "dismissed", "withdrawn"))
        appeal["outcome"] = outcome
        appeal["outcome_on"] = decided_on
        self.event(
            case,
            worker,
            "record_tribunal_outcome",
            f"Tribunal decision: {outcome.replace('_', ' ')}",
            decided_on,
            after={"outcome": outcome, "outcome_on": decided_on},
        )

    def _finish(self, case: dict[str, Any], status: CaseStatus) -> None:
        """Close or withdraw a case whose history ends that way; write the case row."""
        rng = self.rng
        last = case["updated_at"].date()
        if status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN):
            on = self._day(case, last, 1, 60) or self.world.today
            previous = case["status"]
            actor = (
                case["requester_id"]
                if status is CaseStatus.WITHDRAWN
                else rng.choice(self.world.staff[case["authority_id"]].caseworkers)
            )
            reason = (
                "Withdrawn by the requester"
                if status is CaseStatus.WITHDRAWN
                else _CLOSURE_REASONS[min(len(_CLOSURE_REASONS) - 1, _stage_index(previous))]
            )
            case["status"] = status.value
            case["closed_on"] = on
            case["closure_reason"] = reason
            verb = "Complaint withdrawn" if status is CaseStatus.WITHDRAWN else "Case closed"
            self.event(
                case,
                actor,
                status is CaseStatus.WITHDRAWN and "withdraw" or "close",
                f"{verb}: {reason}",
                on,
                before={"status": previous},
                after={"status": status.value, "closed_on": on, "reason": reason},
            )
        for key in [k for k in case if k.startswith("_")]:
            del case[key]
        self.batch.add("cases", case)


def _stage_index(status: str) -> int:
    order = ["received", "in_review", "decided", "referred", "regulator_decided", "appealed"]
    return max(0, order.index(status) - 2) if status in order else 0


# ---------------------------------------------------------------------------------------------
# The whole run


@dataclass(frozen=True)
class SeedResult:
    cases: int
    authorities: int
    requesters: int
    rows: dict[str, int]


def _status_plan(count: int, rng: random.Random) -> Iterator[CaseStatus]:
    statuses = [s for s, _ in STATUS_MIX]
    weights = [w for _, w in STATUS_MIX]
    for _ in range(count):
        yield rng.choices(statuses, weights)[0]


def _move_sequences(session: Session) -> None:
    """PostgreSQL: the next id from each sequence follows the explicit ids written."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        # Table names come from the models, never from input.
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def _analyse(session: Session) -> None:
    """Fresh statistics for the planner (and, on PostgreSQL, a visibility map for index-only
    scans and the search indexes' pending lists merged), as the database would have after a
    while in service: autovacuum does the same after so many new rows."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        with bind.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE) cases"))
            conn.execute(text("VACUUM (ANALYZE) case_search"))
            conn.execute(text("ANALYZE"))
    else:
        session.execute(text("ANALYZE"))
        session.commit()


def seed_load(
    session: Session,
    *,
    cases: int,
    authorities: int = 25,
    today: dt.date,
    upload_dir: Path,
    random_seed: int = 1,
    progress: Callable[[int], None] = lambda _done: None,
) -> SeedResult:
    """Write ``cases`` cases of history (and the authorities, staff and requesters they need),
    committing after each batch; ``progress`` is told how many cases each batch added."""
    if cases < 1 or authorities < 1:
        raise ValueError("cases and authorities must be at least 1")
    rng = random.Random(random_seed)
    postgresql = session.get_bind().dialect.name == "postgresql"
    # Synthetic data that can be made again: no need to wait for each commit's flush.
    if postgresql:
        session.execute(text("SET synchronous_commit TO OFF"))
        synchronous = None
        search_indexes = _long_pending_lists(session)
    else:
        synchronous = session.execute(text("PRAGMA synchronous")).scalar()
        cache_size = session.execute(text("PRAGMA cache_size")).scalar()
        session.execute(text("PRAGMA synchronous = OFF"))
        # The indexes of a million audit rows stay in memory while they grow (128 MB).
        session.execute(text("PRAGMA cache_size = -131072"))
    try:
        return _seed(
            session,
            cases=cases,
            authorities=authorities,
            today=today,
            upload_dir=upload_dir,
            rng=rng,
            progress=progress,
        )
    finally:
        if synchronous is not None:
            session.rollback()
            session.execute(text(f"PRAGMA synchronous = {int(synchronous)}"))
            session.execute(text(f"PRAGMA cache_size = {int(cache_size or -2000)}"))
        if postgresql:
            session.rollback()
            _restore_pending_lists(session, search_indexes)


# The GIN indexes' pending-list limit while seeding (kB): the search indexes merge theirs at a
# few hundred kB in service (migration 0020), which made seeding 100,000 cases a third slower
# (each merge of a few hundred rows at a time). The seed's VACUUM merges the list at the end.
SEEDING_PENDING_LIST_KB = 4096


def _long_pending_lists(session: Session) -> dict[str, list[str] | None]:
    """Let the GIN indexes keep long pending lists while seeding; returns what each had."""
    indexes: dict[str, list[str] | None] = {
        name: options
        for name, options in session.execute(
            text(
                "SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
                "WHERE a.amname = 'gin' AND c.relkind = 'i' "
                "AND c.relnamespace = current_schema()::regnamespace"
            )
        )
    }
    for name in indexes:
        session.execute(
            text(
                f'ALTER INDEX "{name}" '  # names read from the catalogue, never from input
                f"SET (gin_pending_list_limit = {SEEDING_PENDING_LIST_KB})"
            )
        )
    session.commit()
    return indexes


def _restore_pending_lists(session: Session, indexes: dict[str, list[str] | None]) -> None:
    for name, options in indexes.items():
        kept = [o for o in options or [] if o.startswith("gin_pending_list_limit=")]
        change = f"SET ({kept[0]})" if kept else "RESET (gin_pending_list_limit)"
        session.execute(text(f'ALTER INDEX "{name}" {change}'))
    session.commit()


def _seed(
    session: Session,
    *,
    cases: int,
    authorities: int,
    today: dt.date,
    upload_dir: Path,
    rng: random.Random,
    progress: Callable[[int], None],
) -> SeedResult:
    world = _build_world(
        session,
        cases=cases,
        authority_count=authorities,
        today=today,
        rng=rng,
        upload_dir=upload_dir,
    )
    session.commit()
    counts: dict[str, int] = {}
    plan = _status_plan(cases, rng)
    done = 0
    while done < cases:
        size = min(BATCH, cases - done)
        batch = Batch()
        writer = CaseWriter(world, batch, rng)
        for _ in range(size):
            writer.write(next(plan))
        seal_rows(session, batch.rows.get("audit_events", []))  # a valid audit hash chain
        bulk = _BulkWriter(session)
        for table in ORDER:
            rows = batch.rows.get(table.name, [])
            bulk.write(table, rows)
            counts[table.name] = counts.get(table.name, 0) + len(rows)
        session.commit()
        done += size
        progress(size)
    if session.get_bind().dialect.name == "postgresql":
        # The batches were committed without waiting for the disk (synchronous_commit off),
        # and VACUUM marks a page all-visible (which lets a count read the index alone) only
        # once its rows' commits are on disk: it marked none. This last commit, which writes
        # (the sequences), waits for all the WAL before it.
        session.execute(text("SET synchronous_commit TO ON"))
    _move_sequences(session)
    session.commit()
    _analyse(session)
    return SeedResult(
        cases=cases,
        authorities=len(world.authorities),
        requesters=len(world.requesters),
        rows=counts,
    )
