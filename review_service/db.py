"""SQLAlchemy base, naming convention and the engine/session plumbing."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import time
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import (
    JSON,
    CursorResult,
    DateTime,
    Engine,
    Executable,
    ForeignKey,
    MetaData,
    Result,
    Row,
    String,
    create_engine,
    event,
    exc,
    text,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Relationship,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
)
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.types import TypeDecorator

from review_service.errors import StaleCase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


E = TypeVar("E", bound=enum.StrEnum)
T = TypeVar("T")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class StrEnumType(TypeDecorator[E]):
    """A StrEnum stored as its value in a VARCHAR column (the same strings as a plain String
    column, so no migration): written from the member or its value, read as the member."""

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[E], length: int) -> None:
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value: E | str | None, dialect: Any) -> str | None:
        return None if value is None else self.enum_class(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> E | None:
        return None if value is None else self.enum_class(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON()}


class OnePerCase:
    """Columns of a table that holds at most one row per case (its review decision, its
    referral to the regulator, the regulator's decision notice, an appeal): the id, and the
    case's id, unique. They come first in the table, as the migrations made them."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True, sort_order=-1)


def owned_rows(order_by: str, **options: Any) -> Relationship[Any]:
    """A one-to-many relationship to rows that are part of this one (a notice's provisions, a
    decision's findings, an e-mail's attachments): saved and deleted with it, in ``order_by``'s
    order."""
    return relationship(order_by=order_by, cascade="all, delete-orphan", **options)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched (Session.execute types its result as a plain
    Result; for those statements it is a CursorResult, which counts them)."""
    return cast(CursorResult[Any], result).rowcount


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    engine = create_engine(
        url, connect_args={"cursor_factory": _described_on_demand_cursor()}, **kwargs
    )
    _ping_when_idle(engine)
    _keep_prepared_statements(engine)
    return engine


@functools.cache
def _described_on_demand_cursor() -> type[Any]:
    """A psycopg cursor whose ``description`` builds its columns when they are first read.

    psycopg's ``Cursor.description`` makes a new ``Column`` for every column of the result on
    every read (a name decoded, a type looked up: ~1.8 us a column). SQLAlchemy reads it after
    every statement, but once a statement's result metadata is cached (every statement after
    its first run in a process) it only asks whether there is one: the case pages' ~190
    columns a request cost ~0.35 ms of CPU for nothing. This one answers with a sequence of
    the same length whose columns are made, as psycopg makes them, from the result it was
    read for, the first time any is read (len() alone makes none)."""
    from psycopg import Column, Cursor, pq

    with_rows = {
        pq.ExecStatus.TUPLES_OK,
        pq.ExecStatus.SINGLE_TUPLE,
        pq.ExecStatus.TUPLES_CHUNK,
    }

    class Described:  # what psycopg's Column reads of a cursor, kept for one result
        __slots__ = ("_encoding", "adapters", "pgresult")

        def __init__(self, cursor: Any) -> None:
            self.pgresult = cursor.pgresult
            self._encoding = cursor._encoding
            self.adapters = cursor.adapters

    class Columns(Sequence[Any]):
        __slots__ = ("_columns", "_count", "_described")

        def __init__(self, described: Described, count: int) -> None:
            self._described, self._count = described, count
            self._columns: list[Column] | None = None

        def __len__(self) -> int:
            return self._count

        def __getitem__(self, index: Any) -> Any:
            columns = self._columns
            if columns is None:
                described: Any = self._described
                columns = self._columns = [Column(described, i) for i in range(self._count)]
            return columns[index]

        def __eq__(self, other: object) -> bool:
            return list(self) == other

        __hash__ = None  # type: ignore[assignment]

    class DescribedOnDemand(Cursor[Any]):
        __slots__ = ()

        @property
        def description(self) -> Any:
            result = self.pgresult
            if result and (result.nfields or result.status in with_rows):
                return Columns(Described(self), result.nfields)
            return None

    return DescribedOnDemand


def _keep_prepared_statements(engine: Engine) -> None:
    """End a transaction with ROLLBACK without psycopg forgetting its prepared statements.

    psycopg prepares a statement on the server once a connection has run it
    ``prepare_threshold`` (5) times, after which PostgreSQL stops planning it again (its
    generic plan). But ``Connection.rollback()`` clears psycopg's count and its prepared
    statements (DEALLOCATE ALL), and almost every request ends with a rollback (the session is
    closed; reads never commit): nothing ever reached the threshold, and every statement was
    parsed and planned on every request (the case's joined statement: ~5 ms of planning for
    0.6 ms of execution). PREPARE is not transactional: a prepared statement outlives the
    rollback of the transaction it ran in, so they may stay. psycopg still forgets them after
    DROP, ALTER, DISCARD ALL and a failed transaction (the ordinary rollback below)."""
    from psycopg import Error, pq

    rollback = engine.dialect.do_rollback

    def do_rollback(dbapi_connection: Any) -> None:
        pgconn = dbapi_connection.pgconn
        if pgconn.transaction_status == pq.TransactionStatus.INTRANS:
            try:
                if pgconn.exec_(b"ROLLBACK").status == pq.ExecStatus.COMMAND_OK:
                    return
            except Error:
                pass  # psycopg's own rollback below raises the error the pool understands
        rollback(dbapi_connection)  # idle, failed or broken: psycopg's own rollback

    engine.dialect.do_rollback = do_rollback  # type: ignore[method-assign]


# A pooled PostgreSQL connection that has not been used for this long is tested with a
# round trip ("SELECT 1") before it is handed out; one used more recently is handed out as it
# is. ``pool_pre_ping`` pinged on every checkout: one more round trip per request, the
# statement the cheapest API reads paid most for.
IDLE_BEFORE_PING = 10.0  # seconds
_RETURNED_AT = "review_service.returned_at"


def _ping_when_idle(engine: Engine) -> None:
    """Test a connection before use only when it has been idle, when a server restart, an
    idle timeout or a firewall may have closed it unseen. A connection returned moments ago
    was working then; if the server went away since, the statement fails with a disconnect
    error, on which SQLAlchemy discards that connection and every other one opened before it
    (the pool is invalidated), so the next request reconnects: at most the requests already
    holding a connection at a restart fail, as they would with a ping."""

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _note_returned(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_RETURNED_AT, 0.0) < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - any failure: the pool opens another
            raise exc.DisconnectionError("pooled connection failed its ping") from error


class ReviewSession(Session):
    """A session on which a save that lost a race raises StaleCase, wherever it is found.

    Optimistic locking (``Case.version``) is checked by the database when the UPDATE is
    flushed: by an explicit ``flush()`` in a service, an autoflush before a query, or the
    commit. All three come through ``flush``, so this is the one place a lost race is named;
    pages and the API then answer it in one place too (web/conflicts.py). The session must be
    rolled back before it is used again.
    """

    def flush(self, objects: Any = None) -> None:
        try:
            super().flush(objects)
        except StaleDataError as error:
            raise StaleCase() from error

    def expire_all(self) -> None:
        # "Read it again from the database": the memo (below) is read again too.
        self.info.pop(MEMO, None)
        super().expire_all()


MEMO = "review_service.memo"


def memo(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    """``load()``, read once per session while nothing changes: a page that asks for the same
    thing several times (a regime's holiday overrides, a case's referral) runs one statement.

    The memo is dropped whenever the session flushes, runs a statement that is not a SELECT,
    commits, rolls back or expires everything, and is not used while the session holds
    unflushed changes (the query would have autoflushed them). It lives in this session only
    (one request), so one person never sees what another loaded."""
    if session.new or session.deleted or session.dirty:
        return load()
    memos: dict[Hashable, Any] = session.info.setdefault(MEMO, {})
    if key not in memos:
        value = load()
        memos = session.info.setdefault(MEMO, {})  # the load may have flushed (and cleared)
        memos[key] = value
    return cast(T, memos[key])


def remember(session: Session, key: Hashable, value: Any) -> None:
    """Keep ``value`` as ``memo(session, key, ...)`` would once loaded: for a value read with
    another statement of the request. Dropped when the memo is (see memo); not kept while the
    session holds unflushed changes."""
    if session.new or session.deleted or session.dirty:
        return
    session.info.setdefault(MEMO, {})[key] = value


def autoflush(session: Session) -> None:
    """Flush as a query through the session would before it reads (for a read that goes to
    ``session.connection()`` directly, past the ORM)."""
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()


def plain_rows(session: Session, statement: Executable, params: dict[str, Any]) -> list[Row[Any]]:
    """A column statement's rows, read on the session's connection (its transaction), past the
    ORM's per-statement and per-row work: for the lists every case page draws (its timeline,
    letters, documents), which need plain values, never objects. Pending changes are flushed
    first, as a query through the session would."""
    autoflush(session)
    return list(session.connection().execute(statement, params))


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(MEMO, None)


def _forget_unless_select(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info.pop(MEMO, None)


event.listen(ReviewSession, "after_flush", _forget)
event.listen(ReviewSession, "after_transaction_end", _forget)
event.listen(ReviewSession, "do_orm_execute", _forget_unless_select)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, class_=ReviewSession, expire_on_commit=False, autoflush=True)


def ping(session: Session) -> None:
    """Ask the database for one row, so the health check knows it answers."""
    session.execute(text("SELECT 1"))
