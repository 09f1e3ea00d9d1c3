"""Events from whole short articles of our own: type, date, place and toll of each event, in order."""
from datetime import date

import pytest

from conftest import load_cases
from transforms.event_places import ArticlePlaces
from transforms.extract import extract_facts
from transforms.gazetteer import demonym_country, lookup
from transforms.sentences import split_sentences


def _events(text, published):
    return extract_facts(text, date.fromisoformat(published) if published else None).events


@pytest.mark.parametrize("case", load_cases("events.jsonl"), ids=lambda c: c["text"][:40])
def test_events(case):
    got = _events(case["text"], case.get("published_at"))
    want = case["events"]
    summary = [(e.event_type, e.event_date, e.location, e.fatalities) for e in got]
    assert len(got) == len(want), summary
    for event, expected in zip(got, want):
        for key, value in expected.items():
            assert getattr(event, key) == value, (key, summary)


def test_event_points_at_its_sentence_and_trigger():
    text = "Heavy shelling hit the town of Marib on Friday, killing nine people."
    (event,) = _events(text, "2020-03-07")
    assert text[event.trigger_start:event.trigger_end] == "shelling"
    assert (event.sentence_start, event.sentence_end) == (0, len(text))
    assert event.date_start == event.date_end == date(2020, 3, 6) and event.date_precision == "day"


def test_event_links_its_figures_and_dates():
    text = "Clashes in the city of Aden on Monday killed 12 fighters and wounded 20."
    facts = extract_facts(text, date(2019, 8, 10))
    (event,) = facts.events
    assert {facts.figures[i].text for i in event.figure_indexes} == {"12", "20"}
    assert [facts.timexes[i].text for i in event.timex_indexes] == ["Monday"]


def test_a_range_of_dead_gives_low_and_high():
    text = "Unconfirmed reports said between 20 and 35 people died when floods swept through Beledweyne on Sunday."
    (event,) = _events(text, "2019-10-29")
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (20, 20, 35)


def test_competing_claims_stay_visible():
    text = ("Troops and insurgents fought in the town of Marawi on Tuesday. The army said 30 people were killed "
            "in the battle; the Red Cross said 45 people had died.")
    (event,) = _events(text, "2017-05-25")
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (30, 30, 45)


def test_places_and_what_the_town_refers_to():
    text = "Fighting broke out in the town of Kobani on Monday. Residents of the town fled."
    sentences = split_sentences(text)
    places = ArticlePlaces(text, sentences, [])
    assert [p.name for p in places.mentions] == ["Kobani"]
    second = sentences[1]
    assert [p.name for p in places.in_span(second.start, second.end)] == ["Kobani"]


def test_a_kind_followed_by_its_name_is_not_referred_back():
    text = "Floods hit southern Mozambique. The town of Chokwe, north of the capital, Maputo, was flooded."
    sentences = split_sentences(text)
    places = ArticlePlaces(text, sentences, [])
    second = sentences[1]
    # "the capital" is the Maputo named right after it (a landmark), not a place the sentence names apart
    assert [(p.name, p.start) for p in places.in_span(second.start, second.end)] == [
        ("Chokwe", text.index("Chokwe")), ("Maputo", text.rindex("Maputo"))]


def test_gazetteer_knows_countries_regions_and_cities_offline():
    assert lookup("Afghanistan").country == "AF" and lookup("Afghanistan").level == 1
    assert lookup("California").level == 2 and lookup("California").country == "US"
    kirkuk = lookup("Kirkuk")
    assert kirkuk.country == "IQ" and kirkuk.latitude is not None
    assert lookup("Nowhere-at-all") is None
    assert lookup("Crimea").country == "UA" and lookup("North Kivu").country == "CD"  # by their English names
    assert demonym_country("Zambian") == "Zambia" and demonym_country("Iraqi") == "Iraq"
    assert demonym_country("Tuesday") is None


@pytest.mark.parametrize("name, country", [("Zaire", "CD"), ("Yugoslavia", "RS"), ("Soviet Union", "RU"),
                                           ("Rhodesia", "ZW"), ("Ceylon", "LK")])
def test_a_country_by_a_former_name_is_that_country(name, country):
    # Zaire is also a province of Angola: as a country's name it comes first.
    place = lookup(name)
    assert (place.level, place.country) == (1, country)


def test_several_places_at_once_are_located_between_them():
    text = "Bombs exploded in the towns of Baquba and Ramadi on Tuesday, killing 30 people."
    (event,) = _events(text, "2008-04-17")
    baquba, ramadi = lookup("Baquba"), lookup("Ramadi")
    assert event.location == "Baquba and Ramadi" and event.country == "IQ"
    assert min(baquba.latitude, ramadi.latitude) < event.latitude < max(baquba.latitude, ramadi.latitude)
    assert min(baquba.longitude, ramadi.longitude) < event.longitude < max(baquba.longitude, ramadi.longitude)


def test_event_is_frozen():
    text = "A landslide buried the village of Tagbo on Friday."
    (event,) = _events(text, "2020-01-11")
    with pytest.raises(AttributeError):
        event.location = "elsewhere"


def _same_place(want, got):
    if want is None or got is None:
        return want is got
    return want.lower() in got.lower() or got.lower() in want.lower()


@pytest.mark.parametrize("article", [
    pytest.param(a, id=a["id"], marks=[pytest.mark.xfail(strict=True, reason=a["open"])] if "open" in a else [])
    for a in load_cases("events_articles.jsonl")])
def test_articles_of_our_own(article):
    """Whole articles: every expected event found with its type, date, place and toll, and no other."""
    got = [(e.event_type, e.event_date, e.location, e.fatalities)
           for e in _events(article["text"], article["published_at"])]
    unmatched = list(got)
    for want in article["events"]:
        found = next((g for g in unmatched if g[1] == want["event_date"] and _same_place(want["location"], g[2])
                      and (g[0], g[3]) == (want["event_type"], want["fatalities"])), None)
        assert found is not None, (want, got)
        unmatched.remove(found)
    assert unmatched == [], got
