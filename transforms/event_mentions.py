"""Event mentions: the words of a sentence that report an event, their type and what the words around them say."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from transforms import lexicon
from transforms.sentences import Sentence
from transforms.word_scan import WordStarts
from transforms.word_trie import starts_with, trie_pattern, words_by_first_letter

VIOLENT = frozenset({"battle", "explosion_remote_violence", "violence_against_civilians", "riot"})


def _pattern(phrase: str) -> str:
    parts = []
    for word in phrase.split():
        if word == "...":
            parts.append(r"(?:\W+\w+){0,14}?")
            continue
        piece = re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word)
        parts.append((r"\W+" if parts else "") + piece)
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Trigger:
    pattern: re.Pattern
    event_type: str | None
    kind: str
    market_sense: bool  # the words also tell of markets and firms ("plunged", "takeover")
    noun_sense: bool = False  # an event only as a noun after an article ("a fire at", not "came under fire")
    sport_sense: bool = False  # the words also tell of games ("City's attack", "battled back to beat")
    venue_sense: bool = False  # an occasion held at a place: a news conference, a speech (not an ultimatum)
    site_sense: bool = False  # an occasion held where the article's event happened: "visiting the site"
    aid_sense: bool = False  # an aid delivery: none when the words before say it was not made ("grounded helicopters")
    crowd_sense: bool = False  # an event only when a crowd does it ("workers blocked a highway", not "police blocked")
    nation_sense: bool = False  # a decision or a figure of a whole country: "cut its repo rate", "data showed"
    goods: str | None = None  # a delivery verb: where its aid goods stand, "after" it or "before" it (a convoy's)


def _load_triggers() -> tuple[dict[str, list[_Trigger]], dict[str, list[tuple[str, _Trigger]]]]:
    # Indexed by first word (or by the first three letters of a word stem with *), so that a sentence is
    # scanned word by word instead of trying every trigger at every position.
    exact: dict[str, list[_Trigger]] = {}
    stems: dict[str, list[tuple[str, _Trigger]]] = {}
    for phrase, rest in lexicon.table("events_triggers.tsv").items():
        event_type, _, rest = rest.partition("\t")
        kind, _, sense = rest.partition("\t")
        senses = {word.strip() for word in sense.split(",")}
        _index(phrase, _Trigger(re.compile(_pattern(phrase) + r"\b", re.I),
                                None if event_type.strip() == "-" else event_type.strip(), kind.strip(),
                                "market" in senses, "noun" in senses, "sport" in senses, "venue" in senses,
                                "site" in senses, "aid" in senses, "crowd" in senses, "nation" in senses), exact, stems)
    # A delivery verb is an aid delivery ("other") only with aid goods in its clause (see _carries_goods).
    for phrase, goods in lexicon.table("events_delivery_verbs.tsv").items():
        _index(phrase, _Trigger(re.compile(_pattern(phrase) + r"\b", re.I), "other", "event", False,
                                aid_sense=True, goods=goods), exact, stems)
    return exact, stems


def _index(phrase: str, trigger: _Trigger, exact: dict[str, list[_Trigger]],
           stems: dict[str, list[tuple[str, _Trigger]]]) -> None:
    first = phrase.split()[0]
    if first.endswith("*"):
        stems.setdefault(first[:3], []).append((first[:-1], trigger))
    else:
        exact.setdefault(first, []).append(trigger)


_EXACT, _STEMS = _load_triggers()
# The first words of all triggers as one prefix tree: one scan finds where a trigger may start.
_FIRST = trie_pattern(_EXACT, [stem for options in _STEMS.values() for stem, _ in options])
_FIRST_LOWER = WordStarts(rf"{_FIRST}\b", r"\w")
_FIRST_ANY_CASE = WordStarts(rf"{_FIRST}\b", r"\w", flags=re.I)


@lru_cache(maxsize=4096)
def _options(token: str) -> tuple[_Trigger, ...]:
    """The triggers that may start with this word: those of the word itself, then those of its stems."""
    return tuple(_EXACT.get(token, ())) + tuple(t for stem, t in _STEMS.get(token[:3], ()) if token.startswith(stem))


def _triggers(text: str, lowered: str, sentence_starts: list[int], sentence_ends: list[int]):
    """(start, end, trigger, sentence index) of the longest trigger at each word, left to right, not overlapping,
    each within the sentence it starts in (a trigger with a gap, "sent ... soldiers", does not reach into the next
    one); none outside the sentences."""
    position = 0
    scan = _FIRST_LOWER if len(lowered) == len(text) else _FIRST_ANY_CASE
    source = lowered if scan is _FIRST_LOWER else text
    for word_start, word_end in scan.finditer(source, 0, len(text)):
        if word_start < position:
            continue
        at = bisect_right(sentence_starts, word_start) - 1
        if at < 0:
            continue
        best = None
        for t in _options(source[word_start:word_end].lower()):
            m = t.pattern.match(text, word_start, sentence_ends[at])
            if m is not None and (best is None or m.end() > best[1]):
                best = (m.start(), m.end(), t, at)
        if best is not None:
            position = best[1]
            yield best
_CUES: dict[str, list[str]] = {}
for _cue, _kind in lexicon.table("events_cues.tsv").items():
    _CUES.setdefault(_kind, []).append(_cue)


def _cue_re(kind: str) -> re.Pattern:
    """The cues of a kind as whole words in any case, searched for from their first letters."""
    return re.compile(words_by_first_letter(_pattern(c) for c in sorted(_CUES[kind], key=len, reverse=True)) + r"\b",
                      re.I)


_CUE_PHRASES = {kind: frozenset(cues) for kind, cues in _CUES.items()}
_CUE_FIRSTS = {kind: frozenset(c.split()[0] for c in cues) for kind, cues in _CUES.items()}
_TOKENS = re.compile(r"[A-Za-z][\w'’-]*")
_ONGOING = _cue_re("ongoing")
# A clause ends at a mark or at a conjunction; a quick test of the first character comes first (see starts_with).
_BREAK_MARKS = r"[,;:—–()]|\s-{1,2}\s"
_CLAUSE_WORDS = ("but", "while", "as", "because", "when", "and")
_HYP_WORDS = ("but", "while", "because", "when", "whereas", "although")
# One scan of a sentence finds the breaks of both kinds of clause: the marks end both, each word its own kinds.
_BREAK_WORDS = sorted(set(_CLAUSE_WORDS) | set(_HYP_WORDS))
_BREAK = re.compile(starts_with(_BREAK_WORDS, also=r",;:—–()\s")
                    + rf"(?:{_BREAK_MARKS}|\b(?:{'|'.join(_BREAK_WORDS)})\b)")
_HYP_ONLY = frozenset(_HYP_WORDS) - frozenset(_CLAUSE_WORDS)
_CLAUSE_ONLY = frozenset(_CLAUSE_WORDS) - frozenset(_HYP_WORDS)
_MARKET_WORDS = sorted(lexicon.words("events_market_words.txt"), key=len, reverse=True)
_MARKET = re.compile(starts_with(_MARKET_WORDS, True, also=r"$€£¥\d")
                     + rf"(?:\b(?:{'|'.join(_MARKET_WORDS)})\b|[$€£¥]\s?\d|\d\s?%)", re.I)
_SPORT_WORDS = sorted(lexicon.words("events_sport_words.txt"), key=len, reverse=True)
_SCORE_VERBS = ("won", "beat", "lost", "drew", "defeated", "thrashed", "edged")
# A game's words, or its score: "won 2-0", "a 3-1 victory". (A quick test of the first character comes first, see
# starts_with: searched through a whole sentence, the pattern cost twice as much without it.)
_SPORT = re.compile(starts_with([*_SPORT_WORDS, *_SCORE_VERBS], True, also=r"\d")
                    + rf"(?:\b(?:{'|'.join(re.escape(w) for w in _SPORT_WORDS)})\b"
                    rf"|\b(?:{'|'.join(_SCORE_VERBS)})\s+(?:[A-Z][\w'’-]*\s+){{0,3}}\d{{1,3}}-\d{{1,3}}\b"
                    r"|\b\d{1,3}-\d{1,3}\s+(?:win|victory|defeat|draw|loss|lead)\b)", re.I)
_VERBAL_TARGETS = sorted(lexicon.words("events_verbal_targets.txt"), key=len, reverse=True)
# "a fierce attack on the budget", "attacked the government's handling of the crisis": words, not violence.
_VERBAL_TARGET = re.compile(
    r"\s+(?:(?:on|against|upon)\s+)?(?:[\w'’-]+\s+){0,3}?"
    rf"(?:{'|'.join(_pattern(w) for w in _VERBAL_TARGETS)})"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:of|and|by|in|on|at|as|that|which|for|from|with|during|after|before)\b)", re.I)
_ABDUCTED_NOUNS = sorted(lexicon.words("events_abducted_nouns.txt"), key=len, reverse=True)
# "seized 276 schoolgirls", "captured dozens of villagers", "seized four United Nations military observers": people
# taken, an abduction.
_ABDUCTED_WORDS = "|".join(_pattern(w) for w in _ABDUCTED_NOUNS)
_ABDUCTED = re.compile(r"\s+(?:(?:more\s+than|at\s+least|about|some|up\s+to|nearly)\s+)?"
                       r"(?:[\d,]+\s+|[a-z]+\s+(?:of\s+)?)?"
                       rf"(?:(?!(?:from|of|in|at|near|on|to|with|by|for)\s)[a-z-]+\s+){{0,3}}(?:{_ABDUCTED_WORDS})\b", re.I)
_MONTHS = "|".join(re.escape(m) for m in sorted(lexicon.table("dates/month.tsv"), key=len, reverse=True))
_LONG_AGO = re.compile(rf"\d{{4}}|\b(?:{_MONTHS}|month|year|decade)", re.I)
_ABSTRACT_SUBJECTS = "|".join(_pattern(w) for w in sorted(lexicon.words("events_abstract_subjects.txt"), key=len,
                                                           reverse=True))
_ABSTRACT_BEFORE = re.compile(
    rf"\b(?i:{_ABSTRACT_SUBJECTS})"
    r"\b(?:\s*,[^,]{0,40},)?(?:\s+(?:in|at|with|between)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?"
    r"\s+(?:(?:has|had|have)\s+)?(?:\w+ly\s+)?$")
_DURING = re.compile(r"\b(?:during|amid|in)\s+(?:a|an|the|heavy|strong)\s+$", re.I)
_PAST_MONTHS = re.compile(r"(?:the\s+)?(?:past|last)\s+(?:[\w-]+\s+)?(?:months?|years?|decades?)\b", re.I)
_BEEN_BEFORE = re.compile(r"\b(?:has|have|had)\s+been\s+$", re.I)
# "the alliance, which is fighting the Taliban", "rebels who are still fighting the army": what an actor is doing these
# days, told in passing of the actor, not an event of its own
_DOING_BEFORE = re.compile(r"\b(?:which|who|that)\s+(?:is|are)\s+(?:still\s+|now\s+)?$", re.I)
_PERFECT_BEFORE = re.compile(r"\b(?:has|have|had)\s+(?:been\s+)?(?:[a-z]+\s+)?$", re.I)
_TAKEN_BY_FORCE = frozenset({"overran", "seized", "captured", "recaptured", "retook", "stormed"})
_KILLING_AFTER = re.compile(r"[^.;]{0,80}?,\s+(?:killing|leaving)\b", re.I)
# "The attackers, armed with machetes, burned dozens of homes": what the attack told before did, not another attack.
_THE_PERPETRATORS = re.compile(
    rf"(?:The|the)\s+(?:{'|'.join(sorted(lexicon.words('events_perpetrators.txt'), key=len, reverse=True))})\b")
# "The sailors were seized", "a Dutch birdwatcher seized in Tawi-Tawi".
# "The victims—engineers Roberto Santos, 34, and ...—were seized": the sentence's subject, told before its verb.
_ABDUCTED_SUBJECT = re.compile(rf"\W*(?:the\s+|three\s+|two\s+)?(?:[a-z-]+\s+)?(?:{_ABDUCTED_WORDS})\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:were|was|had\s+been|have\s+been)\s+$", re.I)
_ABDUCTED_BEFORE = re.compile(rf"\b(?:{_ABDUCTED_WORDS})\s+(?:(?:were|was|had\s+been|have\s+been)\s+)?$", re.I)
_DEFINITE = re.compile(starts_with(["the"], True) + r"\b(?:the|this|that|these|those)\s+(?:\w+\s+){0,2}$", re.I)
# "have since fled": an adverb, no earlier event named.
_SINCE_ADVERB = re.compile(r"\b(?:has|have|had)\s+since\s+$", re.I)
# "The attack came a week after jihadists killed 23 soldiers in Dioura": the event told before, named to date
# another; what the sentence tells of is the other.
CAME = r"(?:came|comes|happened|occurred)"
_CAME_AFTER = re.compile(rf"\s+{CAME}\s+(?:[\w-]+\s+){{0,5}}?(?:after|before)\b", re.I)
_INFINITIVE = re.compile(r"\bto\s+$")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)\s+(?:[\w-]+\s+)?$", re.I)
_DETERMINER = re.compile(r"\b(?:a|an|the|its|their)\s+$", re.I)
_RATE_AFTER = re.compile(r"(?:\s+(?:and|or)\s+(?:[\w-]+\s+)?[\w-]+)?\s+(?:a|per|each|every)\s+(?:year|month|week|season|day)\b"
                         r"(?!\s+(?:after|before|later|earlier|ago)\b)", re.I)
_THAT_BEFORE = re.compile(r"\b(?:that|which)\s+(?:had\s+|has\s+)?$")
_OF_BEFORE = re.compile(r"\bof\s+$")
_NAME_AFTER = re.compile(r"\s+[A-Z]")
_PREDICATE = re.compile(r"\b(?:were|are|was|is|been)\s+(?:not\s+)?(?:all\s+)?$", re.I)
# "Vamco is the 21st storm to hit", "it was the worst attack in years": what a thing told of is, no event of its own
# (but "there was an explosion" tells one).
_PREDICATE_NOUN = re.compile(starts_with(["is", "was"], True)
                             + r"(?<!\bthere\s)\b(?:is|was)\s+(?:the|an?)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "The protests are the third wave of unrest this month": the event told before, described; the date is the
# description's.
_DESCRIBED = re.compile(r"\s+(?:is|are|was|were)\s+(?:the|an?|one\s+of)\b", re.I)
# "told aid workers to leave the valley": a request or an order is itself the event.
_DIRECTIVE_VERBS = sorted(lexicon.words("events_directive_verbs.txt"), key=len, reverse=True)
_DIRECTIVE = re.compile(starts_with(_DIRECTIVE_VERBS, True) + rf"\b(?:{'|'.join(_DIRECTIVE_VERBS)})\b", re.I)
# Possessive: the run of characters no quotation mark can end anywhere but at the first mark, and a run taken whole
# costs less than one tried a character at a time.
_QUOTES = re.compile(r"[\"“][^\"“”]{0,2000}+[\"”]")
_PLURAL = re.compile(r"(?:s|es)$", re.I)
_CROWD_NOUNS = sorted(lexicon.words("events_crowd_nouns.txt"), key=len, reverse=True)
# (but "armed youths raided a camp": armed men are no crowd)
# "a gun battle with the kidnappers", "an exchange of fire": armed sides, whatever crowd the sentence names.
_ARMED_WORDS = re.compile(r"\b(?:gun|fire|shoot)", re.I)
# An article about a volcano: its blasts and explosions are eruptions, unless a weapon is named with them.
_VOLCANIC = re.compile(r"\b(?:volcan\w*|erupt\w*|lava)\b", re.I)
_VOLCANIC_STEMS = ("volcan", "erupt", "lava")
_WEAPON = re.compile(r"\b(?:bomb\w*|shell\w*|missile\w*|rocket\w*|grenade\w*|mines?|mortar\w*|IEDs?|suicide|"
                     r"explosives?|artillery|air\s*strikes?|drones?|gunmen|militants|insurgents)\b", re.I)
_CROWD = re.compile(starts_with(_CROWD_NOUNS, True) + rf"\b(?<!armed\s)(?:{'|'.join(_CROWD_NOUNS)})\b", re.I)
# Who blocks a road in protest: a crowd, or people of a trade or a place ("garment workers", "parents and relatives")
_CROWD_SUBJECT = re.compile(rf"\b(?:{'|'.join(_CROWD_NOUNS + sorted(lexicon.words('events_protesting_people.txt')))})\b",
                            re.I)
_CLAUSE_END = re.compile(r"[,;:—–()]|\s-{1,2}\s")
_OWN_DATE_REACH = 60
# "Another wave of strikes hit Lviv early on Tuesday": a series told with its day is that day's event.
_SERIES = re.compile(r"\b(?:wave|series|spate|string|barrage|volley)\s+of\s+$", re.I)
# "have attacked ships 27 times": the events counted, not one.
_TIMES_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+(?:\d[\d,]*|several|many|multiple|(?:dozens|hundreds)\s+of)"
                          r"\s+times\b", re.I)
# The event begins or happens in the clause itself: "fighting broke out", "clashes erupted", "the attack began".
_BROKE_OUT = re.compile(r"\s+(?:broke\s+out|erupted|began|started|flared)\b", re.I)
_STORM_NAME = re.compile(r"\s+[A-Z][a-z]+\b")
# "the Great Kanto Earthquake of 1923 killed", "the Camp Fire destroyed": a name that ends with the disaster's word,
# followed by no other capitalized word (not "the Earthquake Commission"), is the disaster itself
_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")
_NAMED_DISASTER_AFTER = re.compile(r"(?:\s+of\s+\d{4})?,?\s+[a-z]")
# "Tropical Storm Grace was expected to bring heavy rain", "the cyclone will hit": a forecast, not an event.
_FORECAST_AFTER = re.compile(r"\s+(?:(?:was|is|were|are)\s+(?:expected|forecast|predicted|likely|due)\s+to"
                             r"|(?:is|are)\s+(?:planned|scheduled)|will|would|could|may|might)\b")


_AID_GOODS = lexicon.words("events_aid_goods.txt")
_AID_GOODS_FIRSTS = frozenset(g.split()[0] for g in _AID_GOODS)
_AID_NOT_GOODS = lexicon.words("events_aid_not_goods.txt")
_AID_CARRIERS = lexicon.words("events_aid_carriers.txt")
_AID_OBJECT_ENDS = lexicon.words("events_aid_object_ends.txt")
_GOODS_WORDS = 12  # words of a delivery verb's clause where its goods may stand
_GOODS_REACH = 100  # characters of them
_GOODS_CLAUSE_END = re.compile(r"[;:—–()\"“”]|\s-{1,2}\s|\b(?:but|while|whereas|although|because|when)\b")
_PASSIVE_GOODS = frozenset({"was", "were", "been", "being", "is", "are"})
_PASSIVE_SUBJECT_WORDS = 7  # "500 tonnes of food and medicine have been"
_SUBJECT_END = re.compile(r"[,;:—–()\"“”]|\s-{1,2}\s")


# Not frozen: one is built for every trigger (see amounts.Amount for why); nothing changes one after it is built.
@dataclass(slots=True)
class Mention:
    """One report of an event in a sentence: trigger span, the type its words give, and how it is said."""

    sentence: int                # index of the sentence
    start: int
    end: int
    event_type: str | None       # None for attacks and casualties, whose type the context gives
    kind: str                    # event | attack | casualty | occasion | statement
    ongoing: bool = False        # "continues", "currently": the event still goes on
    weak: bool = False           # plural or anaphoric: names events without reporting a new one
    reaction: bool = False       # object of a reaction ("denounced the ultimatum"): not dated by its sentence
    definite: bool = False       # "the attack": a reference to an event told before
    venue: bool = False          # an occasion held at a place (a news conference, a speech)
    at_site: bool = False        # an occasion held where the article's event happened ("visiting the site")
    delivery: bool = False       # an aid delivery: it happened where the goods went, not where they came from
    national: bool = False       # a decision or a figure of a whole country, which happened in it


@dataclass(frozen=True, slots=True)
class SkippedTrigger:
    """A trigger that reports no single event (a series, a background reference), kept for typing its context."""

    sentence: int
    start: int
    event_type: str | None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The spans of quoted speech: what a witness says is not dated by the report."""
    # The spans _QUOTES.finditer gives, but each opening mark is found by str.find: the regex engine would test every
    # character of the article against the class of opening marks, and an article has only a few of them.
    spans: list[tuple[int, int]] = []
    at = 0
    while True:
        straight, curly = text.find('"', at), text.find("“", at)
        start = straight if curly < 0 or 0 <= straight < curly else curly
        if start < 0:
            return spans
        quote = _QUOTES.match(text, start)
        if quote is None:
            at = start + 1
        else:
            spans.append(quote.span())
            at = quote.end()


def find_mentions(text: str, sentences: Sequence[Sentence], taken: Sequence[tuple[int, int]],
                  quotes: Sequence[tuple[int, int]], dated_by_event: Sequence[tuple[int, int]] = ()
                  ) -> tuple[list[Mention], list[SkippedTrigger]]:
    """The event mentions of every sentence, and the triggers skipped as series, background or hypotheses
    (`dated_by_event`: stretches such as "two days after the army retook Djibo", which tell of an event of their
    own rather than background)."""
    mentions: list[Mention] = []
    skipped: list[SkippedTrigger] = []
    lowered = text.lower()
    sentence_starts = [s.start for s in sentences]
    index, ongoing = -1, None
    # The clause breaks of the sentence found so far (up to `scanned_to`), for its cues and for its hypotheses.
    breaks: list[int] = []
    hyp_breaks: list[int] = []
    scanned_to = 0
    volcanic: bool | None = None  # looked for at the first explosion
    for start, end, trigger, at in _triggers(text, lowered, sentence_starts, [s.end for s in sentences]):
        if at != index:
            index, ongoing = at, None
            breaks, hyp_breaks, scanned_to = [], [], sentences[at].start
        sentence = sentences[index]
        if _inside(start, end, taken) or _inside(start, end, quotes):
            continue
        event_type, kind = trigger.event_type, trigger.kind
        if kind == "none":
            continue
        if trigger.goods is not None and not _carries_goods(text, start, end, sentence, trigger.goods):
            continue  # "dropped the charges", "flew to Geneva": no aid delivered
        word = text[start:end]
        if trigger.market_sense and _MARKET.search(text, sentence.start, sentence.end):
            continue  # "shares plunged", "a rival bid for the brewer": money, not violence
        if kind == "attack" and word.lower().startswith("attack") and _VERBAL_TARGET.match(text, end, sentence.end):
            continue  # "launched a fierce attack on the budget": criticism
        if event_type == "strategic_development" and word.lower() in ("seized", "captured") \
                and (_ABDUCTED.match(text, end, sentence.end)
                     or _ABDUCTED_BEFORE.search(text, max(sentence.start, start - 40), start)
                     or _PASSIVE_BEFORE.search(text, max(sentence.start, start - 12), start)
                     and _ABDUCTED_SUBJECT.match(text, sentence.start, start)):
            event_type = "violence_against_civilians"  # an abduction
        elif event_type == "strategic_development" and word.lower() in _TAKEN_BY_FORCE \
                and _KILLING_AFTER.match(text, end, sentence.end):
            event_type = "battle"  # "overran an army base at Las Delicias, killing 27 soldiers": taken in a fight
        if event_type == "explosion_remote_violence" and kind == "event":
            if volcanic is None:
                # the whole article is searched: a plain look for the stems first, for the pattern is tried at
                # every character of it
                low = text.lower()
                volcanic = any(stem in low for stem in _VOLCANIC_STEMS) and _VOLCANIC.search(text) is not None
            if volcanic and not _WEAPON.search(text, sentence.start, sentence.end):
                event_type = "natural_disaster"  # "after a blast at 8:51 a.m. on Wednesday" of Mount Pinatubo
        if word.lower() == "collapsed" and _ABSTRACT_BEFORE.search(text, max(sentence.start, start - 60), start):
            continue  # "The ceasefire, agreed on Feb. 28, collapsed": no building fell
        if trigger.sport_sense and _SPORT.search(text, sentence.start, sentence.end):
            continue  # "City's attack was blunted as Arsenal won 2-0": a game
        if trigger.crowd_sense and not _CROWD_SUBJECT.search(text, max(sentence.start, start - 80), start):
            continue  # "police blocked the road": no protest
        if trigger.noun_sense and not _ARTICLE_BEFORE.search(text, max(sentence.start, start - 20), start):
            continue  # "came under fire", "returned fire": no fire that broke out
        if word[0].isupper() and start > sentence.start and not text[start - 3:start].strip(" ")[-1:] in ('"', "“", "(", "-", "—", "–") \
                and not (event_type == "natural_disaster"
                         and (_STORM_NAME.match(text, end) or word.endswith("erupted")
                              or (_NAME_BEFORE.search(text, max(sentence.start, start - 30), start)
                                  and _NAMED_DISASTER_AFTER.match(text, end)))):
            continue  # a name: "Protestant", "Rally Corp."; but "Cyclone Idai" is the storm itself, "Mount Sinabung
            # volcano erupted" the eruption, "the Great Kanto Earthquake of 1923 killed" the earthquake, and the word
            # after a dateline's dash ("NAIROBI, May 3 (Reuters) - Floods ...") starts the sentence
        if kind == "event" and word.endswith("ed") and " " not in word and (
                _DETERMINER.search(text, max(sentence.start, start - 6), start)
                or (_OF_BEFORE.search(text, max(sentence.start, start - 4), start) and _NAME_AFTER.match(text, end))):
            # "the capsized ferry", "a collapsed office building", "the occupied West Bank": what a thing is;
            # "supporters of ousted Honduran President Manuel Zelaya": who he is
            continue
        if _INFINITIVE.search(text, max(sentence.start, start - 4), start) and not _DIRECTIVE.search(
                text, max(sentence.start, start - 80), start):
            continue  # "to rally support", "to attack": what someone means to do
        # Only the breaks before the trigger count: the sentence is scanned on from the last trigger, up to this one.
        _add_clause_breaks(text, scanned_to, start, breaks, hyp_breaks)
        scanned_to = start
        clause_start = _last_before(breaks, start, sentence.start)
        before = text[clause_start:start]
        wide_words = _last_words(text[max(sentence.start, start - 40):start])
        # The clause's last words are those of the sentence when the clause starts with it or 40 characters back.
        clause_words = wide_words if clause_start == sentence.start or clause_start <= start - 40 \
            else _last_words(before[-40:])
        if trigger.aid_sense and _cue_words(clause_words, "undelivered"):
            continue  # "bad weather had again grounded helicopters carrying relief supplies": not delivered
        background = _cue_words(clause_words, "background") \
            and not _own_date(text, end, sentence.end, taken) \
            and not _SINCE_ADVERB.search(before[-30:]) \
            and not any(s <= start < e for s, e in dated_by_event)
        subject_end = end
        if event_type == "natural_disaster" and (name := _STORM_NAME.match(text, end)) and word[0].isupper():
            subject_end = name.end()  # "Storm Grace"
        summed_up = _cue_words(wide_words, "aggregate") and not (
            _SERIES.search(text, max(sentence.start, start - 30), start) and _dated_in_clause(text, end, sentence.end, taken))
        aggregate = summed_up or (kind != "casualty" and _TIMES_AFTER.match(text, end, sentence.end) is not None)
        if (aggregate or background
                or _hypothetical(text[_last_before(hyp_breaks, start, sentence.start):start])
                or (kind == "event" and _FORECAST_AFTER.match(text, subject_end))):
            skipped.append(SkippedTrigger(index, start, event_type))
            continue
        if word.endswith("ing") and _BEEN_BEFORE.search(text, max(sentence.start, start - 16), start) \
                and _over_months(text, end, sentence.end, taken):
            skipped.append(SkippedTrigger(index, start, event_type))
            continue  # "Rebel groups have been fighting Indian rule since 1989": a war going on, not an event
        if word.endswith("ing") and _DOING_BEFORE.search(text, max(sentence.start, start - 24), start):
            skipped.append(SkippedTrigger(index, start, event_type))
            continue
        if kind == "casualty" and _PERFECT_BEFORE.search(text, max(sentence.start, start - 25), start) \
                and _over_months(text, end, sentence.end, taken) \
                and not any(o.sentence == index and o.kind == "event" for o in mentions[-3:]):
            # "at least 9,000 civilians have been killed in Ukraine since February 2022", "in the past month": a toll
            # over a time, not one event (but "Floods have killed 30 since Monday" is the floods' toll)
            skipped.append(SkippedTrigger(index, start, event_type))
            continue
        if event_type == "natural_disaster" and _DURING.search(text, max(sentence.start, start - 14), start) \
                and any(o.sentence == index and o.kind == "event" for o in mentions[-3:]):
            continue  # "a ferry capsized near Chandpur during a storm": the storm is when, the event is the ferry's
        definite = bool(_DEFINITE.search(before[-30:])) or \
            _THE_PERPETRATORS.match(text, sentence.start, start) is not None
        if definite and (_CAME_AFTER.match(text, end, sentence.end) or _DESCRIBED.match(text, end, sentence.end)):
            continue
        if kind == "event" and _PREDICATE_NOUN.search(text, max(sentence.start, start - 40), start):
            continue
        plural = kind in ("event", "attack") and word.islower() and " " not in word and bool(
            _PLURAL.search(word)) and not word.endswith(("ss", "ous", "is", "us"))
        if plural and _PREDICATE.search(text, max(sentence.start, start - 20), start):
            continue  # "not all of the dead were protesters": what people were, not what they did
        if kind in ("event", "attack") and word.islower() and word.endswith("s") \
                and _RATE_AFTER.match(text, end, sentence.end):
            continue  # "the archipelago is struck by about 20 typhoons and storms a year": how often, not an event
        if ongoing is None:
            ongoing = _ONGOING.search(text, sentence.start, sentence.end) is not None
        if (event_type == "battle" and not _ARMED_WORDS.search(text, start, min(sentence.end, end + 12))
                and _CROWD.search(text, max(sentence.start, start - 60), min(sentence.end, end + 60))) \
                or (kind == "attack" and _CROWD.search(text, max(sentence.start, start - 60), start)):
            # "police clashed with demonstrators", "protesters set fire to a police station": a violent crowd, not
            # two armed sides (but "opened fire on protesters" is violence against them)
            event_type = "riot"
        mentions.append(Mention(
            index, start, end, event_type, kind,
            ongoing=ongoing,
            weak=plural,
            reaction=_cue_words(wide_words, "reaction") or _of_the_reaction_before(text, start, index, mentions, taken),
            definite=definite,
            venue=trigger.venue_sense,
            at_site=trigger.site_sense,
            delivery=trigger.aid_sense,
            national=trigger.nation_sense,
        ))
    return mentions, skipped


def _of_the_reaction_before(text: str, start: int, sentence: int, mentions: Sequence[Mention],
                            taken: Sequence[tuple[int, int]]) -> bool:
    """Whether the trigger opens a clause on the event a reaction was to, told just before: "mourning for the victims
    of a suicide bombing at a hospital that killed at least 70" (the dead are the bombing's, not of the day mourned);
    but "blamed for twin bus bombings in Ain Alaq in February that killed three" dates them, in the words between."""
    if not mentions or mentions[-1].sentence != sentence or not mentions[-1].reaction:
        return False
    before = mentions[-1].end
    return (_THAT_BEFORE.search(text, max(0, start - 14), start) is not None
            and not any(before <= s < start for s, _ in taken))


def _carries_goods(text: str, start: int, end: int, sentence: Sentence, where: str) -> bool:
    """Whether aid goods stand in the clause of a delivery verb at text[start:end]: after it ("dropped 20 tonnes of
    rice"), or before it when it is passive ("tents were flown in"); before it, with their carrier, when the verb
    tells of an arrival ("a convoy of trucks carrying flour reached")."""
    if where == "after":
        stop = _GOODS_CLAUSE_END.search(text, end, min(sentence.end, end + _GOODS_REACH))
        words = _TOKENS.findall(text, end, stop.start() if stop else min(sentence.end, end + _GOODS_REACH))
        # The goods are the verb's object, told before any word that ends it ("flying over the valley"); a first
        # word such as "in" or "out" is part of the verb ("flew in food", "handed out blankets").
        cut = next((i for i, w in enumerate(words) if w in _AID_OBJECT_ENDS
                    and not (w == "to" and i and words[i - 1] in ("up", "close"))), len(words))  # "up to 20 tonnes"
        if _has_goods(words[:min(cut, _GOODS_WORDS)]):
            return True
    lo = max(sentence.start, start - _GOODS_REACH)
    for stop in (_GOODS_CLAUSE_END if where == "before" else _SUBJECT_END).finditer(text, lo, start):
        lo = stop.end()
    before = _TOKENS.findall(text, lo, start)[-_GOODS_WORDS:]
    if where == "after":
        # "tents and blankets were flown in", but not "..., said a woman who was brought to Beira"
        return bool(before) and before[-1] in _PASSIVE_GOODS and _has_goods(before[-_PASSIVE_SUBJECT_WORDS:])
    return _has_goods(before) and not _AID_CARRIERS.isdisjoint(before)


def _has_goods(words: list[str]) -> bool:
    """Whether the words name aid goods, written in lower case ("the World Food Programme" is no food) and not as
    the first word of people or an office ("aid workers", "relief officials")."""
    if _AID_GOODS_FIRSTS.isdisjoint(words):
        return False  # as for most clauses: no goods word (one test in C, no loop)
    for i, w in enumerate(words):
        if w not in _AID_GOODS_FIRSTS:
            continue
        for n in (3, 2, 1):
            if i + n <= len(words) and " ".join(words[i:i + n]) in _AID_GOODS:
                after = words[i + n] if i + n < len(words) else ""
                if after not in _AID_NOT_GOODS:
                    return True
                break
    return False


def _over_months(text: str, start: int, end: int, taken: Sequence[tuple[int, int]]) -> bool:
    """Whether text[start:end] holds a time of months or years that counts are summed over: after "since" ("killed
    ... since February 2022", "since 2020"; but "died since Thursday" counts the days of one event), or "in the past
    month"."""
    for a, b in taken:
        if not start <= a < end:
            continue
        before = text[max(start, a - 8):a].rstrip().lower()
        if before.endswith("since") and _LONG_AGO.search(text, a, b) is not None:
            return True
        if before.endswith(("in", "over", "during")) and _PAST_MONTHS.match(text, a, b) is not None:
            return True
    return False


def _add_clause_breaks(text: str, start: int, end: int, breaks: list[int], hyp_breaks: list[int]) -> None:
    """Add where the clauses of text[start:end] end: for cues (at a conjunction such as "as" or "and") and for
    hypotheses (at one such as "whereas" or "although").

    A scan that stops at a trigger finds the breaks a scan of the whole sentence finds before it: no break
    (a mark, a dash between spaces, a word) runs over the start of a word."""
    for m in _BREAK.finditer(text, start, end):
        word = m.group()
        if word not in _HYP_ONLY:
            breaks.append(m.end())
        if word not in _CLAUSE_ONLY:
            hyp_breaks.append(m.end())


def _own_date(text: str, end: int, sentence_end: int, taken: Sequence[tuple[int, int]]) -> bool:
    """Whether a date follows the trigger in its clause: "since fighting broke out in Akobo two weeks ago" tells
    of an event of its own, "since the withdrawal" only dates something else."""
    return _BROKE_OUT.match(text, end) is not None and _dated_in_clause(text, end, sentence_end, taken)


def _dated_in_clause(text: str, end: int, sentence_end: int, taken: Sequence[tuple[int, int]]) -> bool:
    """Whether a date follows the trigger in its clause, near it."""
    stop = _CLAUSE_END.search(text, end, sentence_end)
    limit = min(stop.start() if stop else sentence_end, end + _OWN_DATE_REACH)
    i = bisect_right(taken, (end, -1))
    return i < len(taken) and taken[i][0] < limit


def _last_words(before: str) -> list[str]:
    """The last eight words of the text before a trigger, in lower case."""
    return _TOKENS.findall(before.lower())[-8:]


def _cue_words(words: list[str], kind: str) -> bool:
    """Whether a cue of that kind stands among the last `words` before a trigger (up to five words between)."""
    phrases, firsts = _CUE_PHRASES[kind], _CUE_FIRSTS[kind]
    if firsts.isdisjoint(words):
        return False  # as for most triggers: no cue begins among the words (one test in C, no loop)
    for i, w in enumerate(words):
        if w not in firsts:
            continue
        for n in (1, 2, 3, 4):
            if i + n <= len(words) and " ".join(words[i:i + n]) in phrases and len(words) - i - n <= 5:
                return True
    return False


def _hypothetical(clause: str) -> bool:
    # "May" the month is no modal: a cue counts in lower case, or capitalized at the clause start.
    words = _TOKENS.findall(clause)
    phrases, firsts = _CUE_PHRASES["hypothetical"], _CUE_FIRSTS["hypothetical"]
    if firsts.isdisjoint(map(str.lower, words)):
        return False  # as for most clauses: no cue begins among the words (one test in C, no loop)
    for i, w in enumerate(words):
        if w.lower() not in firsts:
            continue  # no cue starts with this word
        for n in (1, 2):
            phrase = " ".join(words[i:i + n])
            if phrase.lower() in phrases and (phrase.islower() or i == 0):
                return True
    return False


def is_reporting_only(kind: str) -> bool:
    """Whether mentions of this kind report a statement rather than an act."""
    return kind in ("occasion", "statement")


def _last_before(ends: list[int], offset: int, default: int) -> int:
    i = bisect_right(ends, offset)
    return ends[i - 1] if i else default


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    # Inside a span, or straddling its edge; a date inside a long trigger ("proposed ... 2006 budget") is fine.
    i = bisect_right(spans, (start, float("inf"))) - 1  # spans are sorted: only neighbours can overlap
    for s, e in spans[max(0, i - 1):i + 3]:
        if s < end and start < e and not (start < s and e < end):
            return True
    return False
