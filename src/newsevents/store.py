"""Event store: coded articles and events in an embedded DuckDB database.

One file holds two tables:

* ``articles`` — one row per coded article (id, text hash, metadata, text, event count).
* ``events`` — one row per event: flattened, typed columns for everything a user filters
  or aggregates on (dates, CAMEO code, actors, place, ...) plus ``record``, the full event
  dict as JSON, so reads give back exactly what the coder produced.

A third table, ``meta``, holds the schema version.  Writes are one transaction per
article (or per batch of articles, see :meth:`Store.write_many`); DuckDB's write-ahead
log makes committed transactions survive a crash.  DuckDB lets one process at a time
open a file for writing; a second one gets :class:`~newsevents.errors.StoreLocked`.

Example::

    with Store("events.duckdb") as store:
        store.write_article(article, events)
        for record in store.events(dyad="USA:CHN", since="2024-01-01"):
            ...
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, Self

import duckdb
import pyarrow as pa

from newsevents.errors import StoreError, StoreLocked
from newsevents.models import Article, Event, Record

__all__ = ["EVENT_COLUMNS", "SCHEMA_VERSION", "Store", "flatten_event", "parse_date"]

SCHEMA_VERSION = 1

WriteStatus = Literal["added", "replaced", "unchanged"]

#: Flattened event columns, in table order: (name, DuckDB type).  The ``events`` table has
#: these plus ``record JSON``; CSV and Parquet exports use the same names.  Actor sectors
#: are joined with ``;`` ("GOV;MIL").
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR"),
    ("article_id", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("event_date", "DATE"),
    ("date_precision", "VARCHAR"),
    ("date_source", "VARCHAR"),
    ("cameo", "VARCHAR"),
    ("cameo_root", "VARCHAR"),
    ("cameo_name", "VARCHAR"),
    ("quad_class", "TINYINT"),
    ("pentaclass", "TINYINT"),
    ("goldstein", "DOUBLE"),
    ("plover_type", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("source_text", "VARCHAR"),
    ("source_code", "VARCHAR"),
    ("source_country", "VARCHAR"),
    ("source_sectors", "VARCHAR"),
    ("source_name", "VARCHAR"),
    ("source_resolved_by", "VARCHAR"),
    ("target_text", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("target_country", "VARCHAR"),
    ("target_sectors", "VARCHAR"),
    ("target_name", "VARCHAR"),
    ("target_resolved_by", "VARCHAR"),
    ("action_text", "VARCHAR"),
    ("factuality", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("is_root_event", "BOOLEAN"),
    ("negated", "BOOLEAN"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_feature", "VARCHAR"),
    ("location_admin1", "VARCHAR"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("geonameid", "BIGINT"),
    ("attributed_to", "VARCHAR"),
    ("attributed_anonymous", "BOOLEAN"),
    ("quote_speaker", "VARCHAR"),
    ("rule", "VARCHAR"),
    ("sentence", "VARCHAR"),
)

_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "TINYINT": pa.int8(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "JSON": pa.string(),
}

_ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "VARCHAR"),
    ("text_hash", "VARCHAR"),
    ("title", "VARCHAR"),
    ("published", "DATE"),
    ("url", "VARCHAR"),
    ("source", "VARCHAR"),
    ("dateline", "VARCHAR"),
    ("n_events", "INTEGER"),
    ("coded_at", "TIMESTAMP"),
    ("text", "VARCHAR"),
)

_EVENT_TABLE_COLUMNS = (*EVENT_COLUMNS, ("record", "JSON"))


def arrow_schema(columns: Iterable[tuple[str, str]]) -> pa.Schema:
    """The pyarrow schema for ``(name, DuckDB type)`` column specs."""
    return pa.schema([(name, _ARROW_TYPES[sql_type]) for name, sql_type in columns])


_EVENTS_ARROW = arrow_schema(_EVENT_TABLE_COLUMNS)
_ARTICLES_ARROW = arrow_schema(_ARTICLE_COLUMNS)

_DDL = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS articles ("
    + ", ".join(
        f"{name} {sql_type}"
        + (" PRIMARY KEY" if name == "article_id" else "")
        + (" NOT NULL" if name == "text_hash" else "")
        for name, sql_type in _ARTICLE_COLUMNS
    )
    + ")",
    # No secondary indexes: DuckDB's zone maps serve the date/code filters, and ART indexes
    # cost insert speed (see benchmarks/store_scale.py).
    "CREATE TABLE IF NOT EXISTS events ("
    + ", ".join(
        f"{name} {sql_type}" + (" PRIMARY KEY" if name == "event_id" else "")
        for name, sql_type in _EVENT_TABLE_COLUMNS
    )
    + ")",
]

_FREQS = ("day", "week", "month", "quarter", "year")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Parse ``YYYY-MM-DD`` (or a partial ``YYYY-MM`` / ``YYYY``, taken as its first day).

    Args:
        value: an ISO date string, a date, or None.

    Returns:
        The date, or None when ``value`` is empty or not a date.
    """
    if value is None or isinstance(value, dt.date):
        return value
    m = _DATE_RE.match(str(value).strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _actor_fields(prefix: str, actor: Record | None) -> dict[str, Any]:
    actor = actor or {}
    sectors = actor.get("sectors") or []
    return {
        f"{prefix}_text": actor.get("text"),
        f"{prefix}_code": actor.get("code"),
        f"{prefix}_country": actor.get("country"),
        f"{prefix}_sectors": ";".join(sectors) if sectors else None,
        f"{prefix}_name": actor.get("name"),
        f"{prefix}_resolved_by": actor.get("resolved_by"),
    }


def flatten_event(record: Record) -> dict[str, Any]:
    """Flatten an event dict (``Event.to_dict()``) into the :data:`EVENT_COLUMNS` fields.

    Args:
        record: the nested event record.

    Returns:
        A dict with exactly the :data:`EVENT_COLUMNS` keys, in order; ``event_date`` is a
        :class:`datetime.date` or None.
    """
    plover = record.get("plover") or {}
    action = record.get("action") or {}
    loc = record.get("location") or {}
    attr = record.get("attributed_to") or {}
    quote = record.get("quote") or {}
    flat: dict[str, Any] = {
        "event_id": record.get("event_id"),
        "article_id": record.get("article_id"),
        "sentence_index": record.get("sentence_index"),
        "event_date": parse_date(record.get("date")),
        "date_precision": record.get("date_precision"),
        "date_source": record.get("date_source"),
        "cameo": record.get("cameo"),
        "cameo_root": record.get("cameo_root"),
        "cameo_name": record.get("cameo_name"),
        "quad_class": record.get("quad_class"),
        "pentaclass": record.get("pentaclass"),
        "goldstein": record.get("goldstein"),
        "plover_type": plover.get("type"),
        "plover_mode": plover.get("mode"),
        **_actor_fields("source", record.get("source")),
        **_actor_fields("target", record.get("target")),
        "action_text": action.get("text"),
        "factuality": record.get("factuality"),
        "confidence": record.get("confidence"),
        "is_root_event": bool(record.get("is_root_event")),
        "negated": bool(record.get("negated")),
        "location_name": loc.get("name"),
        "location_country": loc.get("country"),
        "location_feature": loc.get("feature"),
        "location_admin1": loc.get("admin1"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "geonameid": loc.get("geonameid"),
        "attributed_to": attr.get("text"),
        "attributed_anonymous": attr.get("anonymous") if attr else None,
        "quote_speaker": (quote.get("speaker") or {}).get("text"),
        "rule": record.get("rule"),
        "sentence": record.get("sentence"),
    }
    return flat


def _as_record(event: Event | Record) -> Record:
    return event.to_dict() if isinstance(event, Event) else event


def _columns_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.table({name: [row[name] for row in rows] for name in schema.names}, schema=schema)


def _open_error(path: str, exc: Exception) -> StoreError:
    msg = str(exc)
    if "lock" in msg.lower():
        pid = re.search(r"PID (\d+)", msg)
        holder = re.search(r"held in (.+?) \(PID", msg)
        who = f"PID {pid.group(1)}" if pid else "unknown PID"
        if holder:
            who += f", {holder.group(1)}"
        return StoreLocked(
            f"database {path} is locked by another process ({who}); DuckDB allows one process "
            "at a time to open a file for writing. Wait for it to finish or use --db to pick "
            "another file."
        )
    if "not a valid DuckDB database" in msg:
        return StoreError(f"{path} is not a DuckDB database")
    return StoreError(f"cannot open database {path}: {msg}")


class Store:
    """The DuckDB event store.

    Args:
        path: database file (created when missing, with its parent folder), or ``":memory:"``.
        read_only: open without write access (DuckDB still needs no other process writing).

    Raises:
        StoreLocked: another process holds the file's write lock.
        StoreError: the file cannot be opened, is not a DuckDB database, or holds another
            schema version.
    """

    def __init__(self, path: str | Path = "newsevents.duckdb", read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if self.path != ":memory:" and not read_only:
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for database {self.path}: {exc}") from exc
        try:
            self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise _open_error(self.path, exc) from exc
        try:
            self._init_schema()
        except BaseException:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (idempotent); committed writes are on disk."""
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for ad-hoc SQL."""
        if self._con is None:
            raise StoreError(f"database {self.path} is closed")
        return self._con

    def _init_schema(self) -> None:
        con = self.con
        has_meta = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()[0]
        if not has_meta:
            if self.read_only:
                raise StoreError(f"{self.path} is not a newsevents database (no meta table)")
            for ddl in _DDL:
                con.execute(ddl)
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            return
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION):
            found = row[0] if row else "none"
            raise StoreError(
                f"{self.path} has schema version {found}; this newsevents expects {SCHEMA_VERSION}"
            )

    # -- writing ---------------------------------------------------------------------------

    def has_article(self, article_id: str, text_hash: str) -> bool:
        """Whether the article is stored with exactly this text (so coding it can be skipped).

        Args:
            article_id: the article's id.
            text_hash: :attr:`Article.text_hash` of the text about to be coded.
        """
        row = self.con.execute("SELECT text_hash FROM articles WHERE article_id = ?", [article_id]).fetchone()
        return row is not None and row[0] == text_hash

    def write_article(self, article: Article, events: Iterable[Event | Record]) -> WriteStatus:
        """Store one article and its events in one transaction.

        Args:
            article: the coded article.
            events: its events (``Event`` objects or ``Event.to_dict()`` records).

        Returns:
            ``"unchanged"`` when the article is already stored with the same text (nothing is
            written), ``"replaced"`` when it was stored with another text (its old events are
            deleted), else ``"added"``.

        Raises:
            StoreError: an event belongs to another article, or the database refused the write
                (nothing of this article is written then).
        """
        return self.write_many([(article, events)])[0]

    def write_many(self, pairs: Iterable[tuple[Article, Iterable[Event | Record]]]) -> list[WriteStatus]:
        """Store several articles in one transaction (faster than one by one).

        Each article stays all-or-nothing: when the batch fails, it is rolled back and the
        articles are written again one transaction each, so those before the failing one are
        kept, the failing one raises, and those after it are not written.  A DuckDB commit
        costs a few milliseconds (the WAL is synced), so batches of ~100 articles write about
        ten times faster than one transaction per article.

        Args:
            pairs: ``(article, events)`` pairs.

        Returns:
            One status per article, as :meth:`write_article`.
        """
        pairs = [(article, list(events)) for article, events in pairs]
        if not pairs:
            return []
        try:
            return self._write_batch([(article, self._prepare(article, events)) for article, events in pairs])
        except StoreError:
            if len(pairs) == 1:
                raise
        return [
            self._write_batch([(article, self._prepare(article, events))])[0] for article, events in pairs
        ]

    @staticmethod
    def _prepare(article: Article, events: Iterable[Event | Record]) -> list[tuple[Record, str]]:
        out = []
        for event in events:
            record = _as_record(event)
            if record.get("article_id") != article.id:
                raise StoreError(
                    f"event {record.get('event_id')} belongs to article {record.get('article_id')}, "
                    f"not {article.id}"
                )
            out.append((record, json.dumps(record, ensure_ascii=False)))
        return out

    def _write_batch(self, prepared: list[tuple[Article, list[tuple[Record, str]]]]) -> list[WriteStatus]:
        con = self.con
        statuses: list[WriteStatus] = []
        article_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        con.execute("BEGIN TRANSACTION")
        try:
            seen: dict[str, str] = {}
            for article, records in prepared:
                new_hash = article.text_hash
                if article.id in seen:
                    old_hash: str | None = seen[article.id]
                else:
                    row = con.execute(
                        "SELECT text_hash FROM articles WHERE article_id = ?", [article.id]
                    ).fetchone()
                    old_hash = row[0] if row else None
                if old_hash == new_hash:
                    statuses.append("unchanged")
                    continue
                if old_hash is not None:
                    if article.id in seen:  # the same id twice in one batch: keep the last
                        article_rows = [r for r in article_rows if r["article_id"] != article.id]
                        event_rows = [r for r in event_rows if r["article_id"] != article.id]
                    else:
                        con.execute("DELETE FROM events WHERE article_id = ?", [article.id])
                        con.execute("DELETE FROM articles WHERE article_id = ?", [article.id])
                    statuses.append("replaced")
                else:
                    statuses.append("added")
                seen[article.id] = new_hash
                article_rows.append(
                    {
                        "article_id": article.id,
                        "text_hash": new_hash,
                        "title": article.title,
                        "published": parse_date(article.published),
                        "url": article.url,
                        "source": article.source,
                        "dateline": article.dateline,
                        "n_events": len(records),
                        "coded_at": now,
                        "text": article.text,
                    }
                )
                for record, record_json in records:
                    flat = flatten_event(record)
                    flat["record"] = record_json
                    event_rows.append(flat)
            if article_rows:
                self._insert("articles", _columns_table(article_rows, _ARTICLES_ARROW))
            if event_rows:
                self._insert("events", _columns_table(event_rows, _EVENTS_ARROW))
            con.execute("COMMIT")
        except BaseException as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if isinstance(exc, duckdb.Error | pa.ArrowException):
                ids = ", ".join(a.id for a, _ in prepared)
                raise StoreError(f"could not write article(s) {ids} to {self.path}: {exc}") from exc
            raise
        return statuses

    def _insert(self, table: str, data: pa.Table) -> None:
        """Bulk-insert an arrow table whose columns match ``table`` in order."""
        con = self.con
        con.register("_newsevents_batch", data)
        try:
            con.execute(f"INSERT INTO {table} SELECT * FROM _newsevents_batch")
        finally:
            con.unregister("_newsevents_batch")

    # -- reading ---------------------------------------------------------------------------

    @staticmethod
    def _actor_clause(side: str, value: str) -> tuple[str, list[str]]:
        value = value.strip().upper()
        return f"(starts_with({side}_code, ?) OR {side}_country = ?)", [value, value]

    def _where(
        self,
        actor: str | None = None,
        dyad: str | None = None,
        code: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        article_id: str | None = None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if actor:
            src, p1 = self._actor_clause("source", actor)
            tgt, p2 = self._actor_clause("target", actor)
            clauses.append(f"({src} OR {tgt})")
            params += p1 + p2
        if dyad:
            if ":" not in dyad:
                raise ValueError(f"dyad must look like SOURCE:TARGET (e.g. USA:CHN), got {dyad!r}")
            a, b = dyad.split(":", 1)
            for side, value in (("source", a), ("target", b)):
                if value.strip() and value.strip() != "*":
                    clause, p = self._actor_clause(side, value)
                    clauses.append(clause)
                    params += p
        if code:
            clauses.append("starts_with(cameo, ?)")
            params.append(code.strip())
        for value, op, name in ((since, ">=", "since"), (until, "<=", "until")):
            if value:
                day = value if isinstance(value, dt.date) else None
                if day is None:
                    try:
                        day = dt.date.fromisoformat(str(value))
                    except ValueError as exc:
                        raise ValueError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from exc
                clauses.append(f"event_date {op} ?")
                params.append(day)
        if article_id:
            clauses.append("article_id = ?")
            params.append(article_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _events_sql(self, limit: int | None, **filters: Any) -> tuple[str, list[Any]]:
        where, params = self._where(**filters)
        sql = (
            f"SELECT record FROM events{where} "
            "ORDER BY event_date NULLS LAST, article_id, sentence_index, event_id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return sql, params

    def events(
        self,
        actor: str | None = None,
        dyad: str | None = None,
        code: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        limit: int | None = None,
        article_id: str | None = None,
    ) -> list[Record]:
        """Stored events matching all the given filters, as full records.

        Args:
            actor: source or target whose code starts with it or whose country is it
                ("USA" matches "USAGOV").
            dyad: ``"A:B"``: the source matches A and the target matches B (as ``actor``);
                an empty side or ``*`` matches anything.
            code: CAMEO code prefix ("19" matches 190, 193, 1951...).
            since, until: inclusive bounds on the event date (``YYYY-MM-DD``); events without
                a date are left out when either is given.
            limit: at most this many events.
            article_id: only this article's events.

        Returns:
            Event dicts (as ``Event.to_dict()``), ordered by event date (undated last),
            article, sentence.
        """
        sql, params = self._events_sql(
            limit, actor=actor, dyad=dyad, code=code, since=since, until=until, article_id=article_id
        )
        return [json.loads(r[0]) for r in self.con.execute(sql, params).fetchall()]

    def iter_events(self, batch_size: int = 10_000, **filters: Any) -> Iterator[Record]:
        """Stream matching events in batches (for exporting large databases).

        Args:
            batch_size: rows fetched at a time.
            **filters: as :meth:`events` (``actor``, ``dyad``, ``code``, ``since``, ``until``,
                ``limit``, ``article_id``).
        """
        limit = filters.pop("limit", None)
        sql, params = self._events_sql(limit, **filters)
        cursor = self.con.cursor()
        try:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(batch_size):
                for (record_json,) in rows:
                    yield json.loads(record_json)
        finally:
            cursor.close()

    def article(self, article_id: str) -> Record | None:
        """One stored article (with its text), or None."""
        meta = self.articles_meta([article_id], with_text=True)
        return meta.get(article_id)

    def articles_meta(
        self, article_ids: Iterable[str] | None = None, with_text: bool = False
    ) -> dict[str, Record]:
        """Stored article metadata by id (for exports: url, published, coded_at...).

        Args:
            article_ids: only these articles; all when None.
            with_text: include the article text.

        Returns:
            ``{article_id: {article_id, text_hash, title, published, url, source, dateline,
            n_events, coded_at[, text]}}`` with dates as ISO strings.
        """
        cols = [name for name, _ in _ARTICLE_COLUMNS if with_text or name != "text"]
        sql = f"SELECT {', '.join(cols)} FROM articles"
        params: list[Any] = []
        if article_ids is not None:
            ids = list(article_ids)
            if not ids:
                return {}
            sql += " WHERE article_id IN (SELECT unnest(?::VARCHAR[]))"
            params.append(ids)
        out: dict[str, Record] = {}
        for row in self.con.execute(sql, params).fetchall():
            rec = dict(zip(cols, row, strict=True))
            for key in ("published", "coded_at"):
                if rec[key] is not None:
                    rec[key] = rec[key].isoformat()
            out[rec["article_id"]] = rec
        return out

    def stats(self) -> Record:
        """Counts: articles, events, events by CAMEO root and quad class, event date range."""
        con = self.con
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        n_events, first, last = con.execute(
            "SELECT count(*), min(event_date), max(event_date) FROM events"
        ).fetchone()
        by_root = dict(
            con.execute("SELECT cameo_root, count(*) FROM events GROUP BY 1 ORDER BY 1 NULLS LAST").fetchall()
        )
        by_quad = dict(
            con.execute("SELECT quad_class, count(*) FROM events GROUP BY 1 ORDER BY 1 NULLS LAST").fetchall()
        )
        return {
            "path": self.path,
            "articles": n_articles,
            "events": n_events,
            "first_event_date": first.isoformat() if first else None,
            "last_event_date": last.isoformat() if last else None,
            "by_root": by_root,
            "by_quad_class": by_quad,
        }

    def goldstein_series(
        self,
        dyad: str,
        freq: str = "month",
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
    ) -> list[Record]:
        """Event count and Goldstein mean/sum per period for one dyad (dated events only).

        Args:
            dyad: ``"A:B"`` as in :meth:`events`.
            freq: ``day`` | ``week`` | ``month`` | ``quarter`` | ``year``.
            since, until: inclusive date bounds.

        Returns:
            ``[{period: "YYYY-MM-DD" (period start), events, goldstein_mean, goldstein_sum}]``
            in time order.
        """
        if freq not in _FREQS:
            raise ValueError(f"freq must be one of {', '.join(_FREQS)}, got {freq!r}")
        where, params = self._where(dyad=dyad, since=since, until=until)
        where = (where + " AND" if where else " WHERE") + " event_date IS NOT NULL"
        rows = self.con.execute(
            f"SELECT CAST(date_trunc('{freq}', event_date) AS DATE) AS period, count(*), avg(goldstein), "
            f"sum(goldstein) FROM events{where} GROUP BY 1 ORDER BY 1",
            params,
        ).fetchall()
        return [
            {"period": p.isoformat(), "events": n, "goldstein_mean": mean, "goldstein_sum": total}
            for p, n, mean, total in rows
        ]

    def top_actors(self, n: int = 50) -> list[Record]:
        """The ``n`` actor codes in most events (as source or target).

        Returns:
            ``[{code, events, as_source, as_target}]``, most events first.
        """
        rows = self.con.execute(
            """
            SELECT code, count(*) AS n, count(*) FILTER (WHERE role = 's'),
                   count(*) FILTER (WHERE role = 't')
            FROM (SELECT source_code AS code, 's' AS role FROM events
                  UNION ALL SELECT target_code, 't' FROM events)
            WHERE code IS NOT NULL
            GROUP BY code ORDER BY n DESC, code LIMIT ?
            """,
            [int(n)],
        ).fetchall()
        return [{"code": c, "events": k, "as_source": s, "as_target": t} for c, k, s, t in rows]
