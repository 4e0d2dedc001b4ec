"""Link mentions to canonical entities across scripts, articles and stories.

Order of evidence (deterministic; articles are processed in id order):

1. Gazetteer anchoring: a LOC/ORG mention that names a gazetteer place or a demonym plural
   ("Tartus", "طرطوس", "the Russians", "الروس") gets the place's key ("geo:city:163345").
2. Within a story (or an article without a story), names are grouped: same key; a partial
   name joins the unique longer name of the same script that contains it ("al-Shibani" ->
   "Asaad al-Shibani"); an Arabic name joins a Latin-script name when a transliteration
   (arabic-name-romanizer, top 3) is close to it (rapidfuzz ratio >= 85, or >= 70 with
   the same consonant skeleton), word by word for partial names ("الشرع" -> "al-Shar’a");
   an Arabic name still without a unique Latin partner joins the one standing in an aligned
   sentence (its translation, compare.align) on a looser sound match (``_loose_score``).
3. Across stories: a group joins a catalogue entity of the same type sharing a multi-word
   key, or a one-word key that the entity already has as an alias key; else a new entity.
An analyst's merges and splits (``overrides.Pins``) come before 2.'s groups are linked: a
group naming a pinned alias links to the pinned entity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from rapidfuzz import fuzz

from marsad.entities.exonyms import organisation
from marsad.entities.gazetteer import Place, arabic_speaking, load_gazetteer
from marsad.entities.keys import clitic_splits, fold_arabic, has_arabic, latin_key, name_key, skeleton, strip_article
from marsad.entities.overrides import Pin, Pins, Taken
from marsad.entities.phonetic import part_of, similarity, skeleton_words, sounds_alike
from marsad.entities.transliterate import latin_keys, romanize_many
from marsad.model import Mention

FUZZY_MIN = 85
FOREIGN_CITY_MIN = 1_000_000  # a foreign city named by one Arabic word alone, without a Latin mention
SKELETON_FUZZY_MIN = 70


@dataclass
class EntityRecord:
    """A canonical entity as plain data (what the store saves and ``marsad entities`` lists)."""

    key: str  # stable id: "geo:country:RU", "per:asaad shibani"
    label: str  # PER, ORG, LOC (MISC for the fallback tagger)
    names: dict[str, str] = field(default_factory=dict)  # preferred name per script: "ar", "latin"
    aliases: dict[str, int] = field(default_factory=dict)  # surface form -> mentions
    keys: list[str] = field(default_factory=list)  # matching keys (Arabic and Latin)
    mentions: int = 0
    articles: dict[str, int] = field(default_factory=dict)  # article id -> mentions
    first_seen: str | None = None  # ISO date of the earliest article (when dates were given)
    last_seen: str | None = None
    place: str | None = None  # gazetteer id when anchored


@dataclass
class EntityCatalog:
    """All entities known so far; ``to_records``/``from_records`` for the store."""

    entities: dict[str, EntityRecord] = field(default_factory=dict)

    def to_records(self) -> list[dict]:
        """Entities as JSON-ready dicts, sorted by key."""
        return [asdict(self.entities[k]) for k in sorted(self.entities)]

    @classmethod
    def from_records(cls, records: list[dict]) -> EntityCatalog:
        """Rebuild a catalogue from ``to_records`` output."""
        return cls({r["key"]: EntityRecord(**r) for r in records})

    def find(self, name: str) -> list[EntityRecord]:
        """Entities whose key, alias or matching key matches ``name`` (any script), best first."""
        keys = {name_key(name), *latin_keys(name)} - {""}
        hits = [e for e in self.entities.values() if keys & set(e.keys) or name in e.aliases]
        return sorted(hits, key=lambda e: (-e.mentions, e.key))

    def key_index(self) -> dict[str, list[str]]:
        """Matching key -> entity keys having it."""
        index: dict[str, list[str]] = {}
        for ent in self.entities.values():
            for k in ent.keys:
                index.setdefault(k, []).append(ent.key)
        return index


@dataclass
class _Group:
    """Mentions believed to be one entity within a story."""

    label: str
    mentions: list[tuple[str, Mention]] = field(default_factory=list)
    place: Place | None = None

    def names(self) -> list[str]:
        return sorted({m.text for _, m in self.mentions}, key=lambda t: (-len(name_key(t).split()), t))

    def keys(self) -> set[str]:
        out = set()
        for text in self.names():
            out |= {name_key(text), *latin_keys(text)}
        return out - {""}


def _anchor(mention: Mention) -> Place | None:
    """The gazetteer place or table organisation a LOC/ORG/MISC mention names, or None. An ORG
    mention anchors to an organisation, a country or a capital ("Washington said")."""
    if mention.label not in ("LOC", "ORG", "MISC"):
        return None
    org = organisation(mention.text)
    if org is not None:
        return org
    gaz = load_gazetteer()
    place = None
    for text in _without_proclitic(mention.text):
        place = organisation(text) or gaz.lookup(text) or gaz.demonym(text)
        if place is not None:
            break
    if place is not None and place.kind == "org":
        return place
    ok = place and (mention.label in ("LOC", "MISC") or place.kind == "country" or place.capital)
    return place if ok else None


def _without_proclitic(text: str) -> list[str]:
    """The name, then (Arabic only) the name without a proclitic before its article: the tagger
    keeps "بالولايات المتحدة الأمريكية", whose key ("بالولايات ...") no table has; "للأمم" is
    already read as ل + الأمم by the keys."""
    out = [text]
    words = text.split() if has_arabic(text) else []
    if words:
        for cut, _ in clitic_splits(words[0])[1:]:
            rest = fold_arabic(words[0][cut:])
            if rest.startswith("ال") and len(rest) >= 5:
                out.append(text.lstrip()[cut:])
    return out


def anchor_key(place: Place) -> str:
    """Entity key of an anchored group: "org:un", "geo:country:RU", "geo:city:170654"."""
    return place.id if place.kind == "org" else f"geo:{place.id}"


def _has_article(text: str) -> bool:
    """The name (after a proclitic و ف ب ك ل) carries the article: "البيرة", "بالقاهرة", "للأسد"."""
    folded = fold_arabic(text.split()[0]) if text.split() else ""
    return folded.startswith("ال") or folded.startswith("لل") or folded[1:3] == "ال" and folded[:1] in "وفبكل"


def _place_evidence(mention: Mention, place: Place, stoplist: Container[str]) -> bool:
    """An Arabic one-word mention of a city is a place only with evidence: its article agrees
    with one of the city's Arabic names ("بيرة" is beer, Al Birah is "البيرة"; "الهاربين" is
    "the defectors", Harbin is "هاربين"), the word is not mostly an ordinary word (the Arabic
    tagger's stoplist: "هام" important), and a foreign city that is not a capital needs a Latin
    mention of it in the story (checked by the caller)."""
    if place.kind != "city" or not has_arabic(mention.text) or len(name_key(mention.text).split()) > 1:
        return True
    key = name_key(mention.text)
    forms = [a for a in place.aliases | set(place.names.values()) if has_arabic(a) and name_key(a) == key]
    if forms and not any(_has_article(a) == _has_article(mention.text) for a in forms):
        return False
    folded = fold_arabic(mention.text)
    if folded in stoplist or strip_article(folded) in stoplist or key in stoplist:
        return False
    return place.capital or place.country in arabic_speaking() or place.population >= FOREIGN_CITY_MIN


def _similar(a: str, b: str) -> bool:
    """Two Latin keys are spellings of one name."""
    ratio = fuzz.ratio(a, b)
    return ratio >= FUZZY_MIN or (ratio >= SKELETON_FUZZY_MIN and len(skeleton(a)) >= 2 and skeleton(a) == skeleton(b))


def _contains(long: str, short: str) -> bool:
    """``short`` (a key) is a proper part of ``long``: "shibani" in "asaad shibani"."""
    lw, sw = long.split(), short.split()
    return len(sw) < len(lw) and all(w in lw for w in sw)


def _script(text: str) -> str:
    return "ar" if has_arabic(text) else "latin"


def _group_story(items: list[tuple[str, Mention]], stoplist: Container[str] = frozenset(),
                 aligned: Container[tuple[tuple[str, int], tuple[str, int]]] = frozenset()) -> tuple[list[_Group], set[int]]:
    """Group one story's mentions: anchors (places with evidence, organisations), then exact
    keys, partials, cross-script. Returns the groups and the ids of the mentions rejected as
    places without evidence (ordinary Arabic words that spell a city)."""
    anchors = [(aid, m, _anchor(m)) for aid, m in items]
    anchors = _retyped_places(anchors)
    latin_places = {p.id for _, m, p in anchors if p is not None and not has_arabic(m.text)}
    anchored: dict[str, _Group] = {}
    named: dict[tuple[str, str], _Group] = {}
    rejected: set[int] = set()
    for aid, m, place in anchors:
        if place is not None and place.id not in latin_places and not _place_evidence(m, place, stoplist):
            rejected.add(id(m))
        elif place:
            label = "ORG" if place.kind == "org" else "LOC"
            anchored.setdefault(place.id, _Group(label, place=place)).mentions.append((aid, m))
        else:
            named.setdefault((_script(m.text), m.norm), _Group(m.label)).mentions.append((aid, m))
    places = _merge_anchored(list(anchored.values()))
    groups = list(named.values())
    for g in groups:
        g.label = _majority_label(g)
    groups = _merge_partials(groups)
    groups = _merge_cross_script(groups, places, aligned)
    return places + groups, rejected


def _retyped_places(anchors: list[tuple[str, Mention, Place | None]]) -> list[tuple[str, Mention, Place | None]]:
    """A PER mention (or an ORG one the anchor rule left alone) that names a place which a
    mention in the *other* script anchors to is that place: the English tagger's "Damascus" (PER)
    beside the Arabic side's "دمشق" (LOC), "Kim" ... A place name alone is not enough for a
    person ("Jordan", "Georgia", "Paris" are people too): the other script must agree."""
    by_script: dict[str, set[str]] = {"ar": set(), "latin": set()}
    for _, m, place in anchors:
        if place is not None and place.kind != "org":
            by_script[_script(m.text)].add(place.id)
    if not by_script["ar"] and not by_script["latin"]:
        return anchors  # nothing anchored: no slip either way
    gaz = load_gazetteer()
    people = {"ar": [], "latin": []}
    for _, m, place in anchors:
        if place is None and m.label == "PER":
            people[_script(m.text)].append(m.text)
    out = []
    for aid, m, place in anchors:
        other = "latin" if _script(m.text) == "ar" else "ar"
        if place is None and m.label in ("PER", "ORG"):
            found = gaz.lookup(m.text)
            if found is not None and found.id in by_script[other]:
                place = found
        elif (place is not None and place.kind == "city" and not place.capital and place.id not in by_script[other]
              and any(sounds_alike(m.text, p) for p in people[other])):
            # the reverse slip: English "Kim" (LOC: a town in GeoNames) beside Arabic "كيم" (PER),
            # the place named in one script only: a person, joined by the type-slip rule
            place = None
        out.append((aid, m, place))
    return out


def _latin_only(group: _Group) -> bool:
    return not any(has_arabic(m.text) for _, m in group.mentions)


def _merge_anchored(groups: list[_Group]) -> list[_Group]:
    """An Arabic-only place group joins the unique Latin-only place group that sounds alike:
    the translator's "سانت مارتن" (CLDR: Sint Maarten) is the English side's "St. Martin"."""
    latin = [g for g in groups if _latin_only(g)]
    kept = list(latin)
    for g in groups:
        if g in latin:
            continue
        if all(has_arabic(m.text) for _, m in g.mentions):
            hosts = [h for h in latin if h.place.kind == g.place.kind and any(
                sounds_alike(a.text, b.text) for _, a in g.mentions for _, b in h.mentions)]
            if len(hosts) == 1:
                hosts[0].mentions += g.mentions
                continue
        kept.append(g)
    return kept


def _majority_label(group: _Group) -> str:
    counts = Counter(m.label for _, m in group.mentions)
    return sorted(counts, key=lambda k: (-counts[k], ("PER", "ORG", "LOC", "MISC").index(k) if k in "PERORGLOCMISC" else 9))[0]


def _merge_into(target: _Group, source: _Group) -> None:
    target.mentions += source.mentions
    if source.label == "PER" or target.label not in ("PER",) and len(source.mentions) > len(target.mentions):
        target.label = source.label if source.label == "PER" else target.label


def _merge_partials(groups: list[_Group]) -> list[_Group]:
    """Join a partial name to the unique longer same-script name containing it."""
    order = sorted(groups, key=lambda g: (-len(g.mentions[0][1].norm.split()), g.mentions[0][1].norm))
    kept: list[_Group] = []
    for g in order:
        norm, script = g.mentions[0][1].norm, _script(g.mentions[0][1].text)
        hosts = [h for h in kept if _script(h.mentions[0][1].text) == script and _contains(h.mentions[0][1].norm, norm)]
        if len(hosts) == 1 and _compatible(hosts[0], g):
            _merge_into(hosts[0], g)
        else:
            kept.append(g)
    return kept


def _compatible(a: _Group, b: _Group) -> bool:
    """PER/ORG confusions are common (spaCy tags "al-Shar’a" ORG); LOC never joins a person."""
    return a.label == b.label or {a.label, b.label} <= {"PER", "ORG", "MISC"}


def _type_slip(a: _Group, b: _Group) -> bool:
    """A person and a "place" no gazetteer knows, whose whole names sound alike across scripts, are
    one name typed differently by the two taggers (English "Kim Jong-un" LOC, Arabic "كيم جونغ أون"
    PER); the merged group is a person (``_merge_into``). Gazetteer places never take part."""
    return {a.label, b.label} == {"PER", "LOC"} and a.place is None and b.place is None


def _cross_score(arabic: _Group, latin: _Group) -> float:
    """How well an Arabic group matches a Latin one: 2 full name, 1 + best word similarity
    (0..0.1) word-level, 0 none. Keys of the surface forms and of the clitic-free norms
    ("للأسد" -> "اسد" -> "assad") are tried."""
    latin_names = [m.norm for _, m in latin.mentions if not has_arabic(m.text)]
    latin_texts = sorted({m.text for _, m in latin.mentions if not has_arabic(m.text)})
    forms = list(dict.fromkeys(arabic.names() + sorted({m.norm for _, m in arabic.mentions if m.norm})))
    best = 0.0
    for text in forms:
        alike = [similarity(text, lt) for lt in latin_texts if sounds_alike(text, lt)]
        if alike:  # a full match; the closer skeleton wins a tie between two hosts
            return 2 + max(alike) / 1000
        best = max([best, *(1 + w / 1000 for lt in latin_texts if (w := part_of(text, lt)))])
        for cand in latin_keys(text):
            if any(_similar(cand, ln) for ln in latin_names):
                return 2
            words = [_word_similarity(cand, ln) for ln in latin_names]
            best = max([best, *(1 + w / 1000 for w in words if w)])
    return best


def _word_similarity(partial: str, full: str) -> float:
    """Mean rapidfuzz ratio of the words of ``partial`` with their best match in ``full``,
    when ``_word_match`` holds; else 0."""
    if not _word_match(partial, full):
        return 0.0
    fw = full.split()
    return sum(max(fuzz.ratio(p, f) for f in fw) for p in partial.split()) / len(partial.split())


def _word_match(partial: str, full: str) -> bool:
    """A shorter Arabic-derived key matches the corresponding words of a longer Latin key."""
    pw, fw = partial.split(), full.split()
    if not pw or len(pw) >= len(fw):
        return False
    return all(any(_similar(p, f) for f in fw) for p in pw)


def _hints(group: _Group) -> set[int]:
    """Entity ids carried by a group's mentions (context mentions; projected mentions' hints)."""
    return {m.entity_id for _, m in group.mentions if m.entity_id is not None}


ALIGNED_WORD_MIN = 60  # word skeletons of names in aligned sentences (MATCH_MIN without alignment)
ALIGNED_ROMAN_MIN = 70  # romanized key against a Latin key in aligned sentences (FUZZY_MIN without)


def _loose_score(arabic: str, latin: str) -> float:
    """How alike an Arabic and a Latin name are, on a looser scale used only for names standing
    in aligned sentences: the best ratio of two word skeletons (same first sound class, 3+
    classes each) or of a romanization with the Latin key or one of its words of 4+ letters,
    that clears its aligned threshold; 0 when none does. (Skeletons of 2 classes and short
    words let "المحيط الهندي" join "Indonesia" on the NTREX dev half.)"""
    best = 0.0
    sa, sl = skeleton_words(arabic), skeleton_words(latin)
    for a in sa:
        for b in sl:
            if a and b and a[0] == b[0] and min(len(a), len(b)) >= 3 and (r := fuzz.ratio(a, b)) >= ALIGNED_WORD_MIN:
                best = max(best, r)
    lk = latin_key(latin)
    for cand in latin_keys(arabic):
        for w in [lk, *(x for x in lk.split() if len(x) >= 4)]:
            if (r := fuzz.ratio(cand, w)) >= ALIGNED_ROMAN_MIN:
                best = max(best, r)
    return best


def _aligned_score(arabic: _Group, latin: _Group, aligned: Container[tuple[tuple[str, int], tuple[str, int]]]) -> float:
    """Best loose score of a name of ``arabic`` and a name of ``latin`` that stand in aligned
    sentences (a sentence and its translation), 0 if none."""
    best = 0.0
    for aid, m in arabic.mentions:
        for bid, n in latin.mentions:
            if has_arabic(n.text) or m.sentence is None or n.sentence is None:
                continue
            if ((aid, m.sentence), (bid, n.sentence)) in aligned:
                best = max(best, _loose_score(m.text, n.text))
    return best


def _merge_cross_script(groups: list[_Group], places: list[_Group] = (),
                        aligned: Container[tuple[tuple[str, int], tuple[str, int]]] = frozenset()) -> list[_Group]:
    """Join each Arabic group to its best unique Latin group (full match beats word match,
    closer words beat looser ones); a projected mention's entity-id hint decides first. Place
    groups named in Latin script are hosts too ("بالو" joins the English side's "Palu")."""
    own = [g for g in groups if _script(g.mentions[0][1].text) == "latin"]
    kept = list(own)
    latin = own + [p for p in places if not all(has_arabic(m.text) for _, m in p.mentions)]
    for g in (g for g in groups if _script(g.mentions[0][1].text) == "ar"):
        hinted = [h for h in latin if _compatible(h, g) and _hints(g) & _hints(h)]
        scored = [(s, h) for h in latin if (s := _cross_score(g, h)) and (
            _compatible(h, g) or s >= 2 and _type_slip(h, g))]
        best = max((s for s, _ in scored), default=0)
        hosts = hinted if len(hinted) == 1 else [h for s, h in scored if s == best]
        if len(hosts) != 1 and aligned:  # the name's translation stands in the aligned sentence
            near = [(s, h) for h in (hosts or latin) if _compatible(h, g) and (s := _aligned_score(g, h, aligned))]
            top = max((s for s, _ in near), default=0)
            hosts = [h for s, h in near if s == top] if near else hosts
        if len(hosts) == 1:
            _merge_into(hosts[0], g)
        else:
            kept.append(g)
    return kept


def _new_key(group: _Group, taken: Container[str]) -> str:
    if group.place:
        return anchor_key(group.place)
    names = group.names()
    latin = [n for n in names if not has_arabic(n)]
    base = latin_key(latin[0]) if latin else next(iter(latin_keys(names[0])), name_key(names[0]))
    key, n = f"{group.label.lower()}:{base or name_key(names[0])}", 2
    while key in taken:
        key, n = f"{group.label.lower()}:{base}#{n}", n + 1
    return key


def _find_existing(group: _Group, catalog: EntityCatalog, index: dict[str, list[str]]) -> str | None:
    """The catalogue entity a story group belongs to, or None."""
    if group.place:
        key = anchor_key(group.place)
        return key if key in catalog.entities else None
    keys = group.keys()
    multi = sorted(k for k in keys if " " in k)
    single_only = all(" " not in name_key(n) for n in group.names())
    pool = multi + (sorted(keys) if single_only else [])
    linked = {aid for aid, m in group.mentions if m.entity_id is not None}  # articles linked before
    found = {e for k in pool for e in index.get(k, []) if _compatible(_Group(catalog.entities[e].label), group)
             or _slipped(catalog.entities[e], group, linked)}
    if not found and group.place is None:  # a whole name of 2+ words typed PER once and LOC (no place) once
        found = {e for k in multi for e in index.get(k, []) if not catalog.entities[e].place
                 and {catalog.entities[e].label, group.label} == {"PER", "LOC"}}
    if not found and group.label == "PER" and multi:
        # "Donald Trump" meets the "Trump" of an earlier story: the one entity known only by
        # that one-word name (none of its keys is a full name that could disagree)
        surnames = {k.split()[-1] for k in multi}
        found = {e for k in surnames for e in index.get(k, []) if catalog.entities[e].label in ("PER", "ORG", "MISC")
                 and not catalog.entities[e].place and all(" " not in x for x in catalog.entities[e].keys)}
        if len(found) != 1:
            return None
    if not found:
        return None
    return sorted(found, key=lambda e: (-catalog.entities[e].mentions, e))[0]


def _slipped(record: EntityRecord, group: _Group, linked: set[str]) -> bool:
    """The stored entity is this story group's own name typed LOC by one tagger (no gazetteer place)
    and the group, joined across scripts by the type-slip rule, is a person: it takes that entity
    (relabelled PER by ``_update``) when the entity was made from an article of the group, instead
    of leaving the earlier article's "Kim Jong-un" (LOC) apart from the new article's "كيم جونغ أون"."""
    return (group.label == "PER" and record.label == "LOC" and not record.place and group.place is None
            and bool(linked & set(record.articles)))


def _iso(value: date | datetime | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if isinstance(value, (date, datetime)) else str(value)[:10]


FREQUENT_SHARE = 0.2  # a display name is used at least this share as often as the script's top alias


def _preferred(aliases: dict[str, int], langs: dict[str, str] | None = None) -> dict[str, str]:
    """Display name per script ("latin", "ar"): the most complete frequent alias, i.e. of the
    aliases used at least ``FREQUENT_SHARE`` as often as the most used one, the one of most
    words; among one-word names of equal length in words, the one that sounds like the last
    word of the Latin display name (news name people by surname: "الشرع", not "أحمد"), then
    the most frequent, then the longest."""
    out: dict[str, str] = {}
    for script in ("latin", "ar"):
        cands = [a for a in aliases if _script(a) == script and name_key(a)]
        if not cands:
            continue
        top = max(aliases[a] for a in cands)
        frequent = [a for a in cands if aliases[a] >= FREQUENT_SHARE * top]
        surname = skeleton_words(out["latin"])[-1:] if script == "ar" and "latin" in out else []
        out[script] = sorted(frequent, key=lambda a: (
            -len(name_key(a).split()), not (surname and skeleton_words(a)[-1:] == surname), -aliases[a], -len(a), a))[0]
    return out


def _update(record: EntityRecord, group: _Group, seen_of: dict[str, date | datetime | str | None],
            context: frozenset[str] = frozenset()) -> None:
    langs = {}
    counted = 0
    for aid, m in group.mentions:
        langs[m.text] = m.lang or _script(m.text)
        if aid in context:  # already counted when that article was linked
            continue
        counted += 1
        record.aliases[m.text] = record.aliases.get(m.text, 0) + 1
        record.articles[aid] = record.articles.get(aid, 0) + 1
        for day in filter(None, [_iso(seen_of.get(aid))]):
            record.first_seen = min(filter(None, [record.first_seen, day]))
            record.last_seen = max(filter(None, [record.last_seen, day]))
    record.mentions += counted
    surnames = {k.split()[-1] for k in group.keys() if " " in k} if record.label == "PER" else set()
    record.keys = sorted(set(record.keys) | group.keys() | surnames)
    if group.label == "PER" and record.label != "PER" and not record.place:
        record.label = "PER"
    gaz = load_gazetteer()
    names = {a: c for a, c in record.aliases.items() if not record.place or gaz.lookup(a)}
    observed = _preferred(names) if names else {}
    base = {("latin" if k == "en" else k): v for k, v in group.place.names.items()} if group.place else {}
    old = {("latin" if k == "en" else k): v for k, v in record.names.items() if k in ("en", "latin", "ar")}
    record.names = base | {k: v for k, v in old.items() if k not in observed} | observed


def catalogue_keys(mentions: Iterable[Mention]) -> tuple[set[str], set[str]]:
    """What a catalogue must hold for ``link`` to treat ``mentions`` exactly as the whole
    catalogue would: (the matching keys of their names, the entity keys of the gazetteer places
    they name). ``link`` looks entities up only by these: a story group's keys are the keys of
    its mentions' names, a place group's entity is ``geo:<place id>``."""
    keys: set[str] = set()
    places: set[str] = set()
    mentions = list(mentions)
    romanize_many(m.text for m in mentions if has_arabic(m.text))  # a few batches, not one model call a name
    for m in mentions:
        keys |= {name_key(m.text), *latin_keys(m.text)}
        place = _anchor(m)
        if place:
            places.add(anchor_key(place))
    return keys - {""}, places


def _pinned(groups: list[_Group], pins: Pins) -> list[tuple[_Group, Pin | None]]:
    """Each story group with the pin it follows (None: linked as usual). A group naming
    aliases pinned to two entities is cut in two (a split stays split even where the story
    joins the names again); its unpinned names go with the pin most of its mentions have."""
    if not pins:
        return [(g, None) for g in groups]
    out: list[tuple[_Group, Pin | None]] = []
    for group in groups:
        by: dict[Pin | None, list[tuple[str, Mention]]] = {}
        for aid, m in group.mentions:
            by.setdefault(pins.of(m.text), []).append((aid, m))
        if list(by) == [None]:
            out.append((group, None))
            continue
        free = by.pop(None, [])
        main = sorted(by, key=lambda p: (-len(by[p]), p))[0]
        by[main] = by[main] + free
        for pin in sorted(by):
            place = group.place if group.place and anchor_key(group.place) == pin.key else None
            out.append((_Group(pin.label, by[pin], place), pin))
    return out


def link(
    mentions_by_article: dict[str, list[Mention]],
    catalog: EntityCatalog,
    story_of: dict[str, int | None] | None = None,
    seen_of: dict[str, date | datetime | str | None] | None = None,
    context: dict[str, list[Mention]] | None = None,
    taken: Container[str] | None = None,
    stoplist: Container[str] | None = None,
    pins: Pins | None = None,
    aligned: Container[tuple[tuple[str, int], tuple[str, int]]] = frozenset(),
) -> list[tuple[str, Mention, str]]:
    """Link every mention to an entity key, updating ``catalog`` in place.

    ``story_of`` maps article id -> story id (None: the article is its own story);
    ``seen_of`` maps article id -> publication date (for first/last seen). ``context``
    holds mentions of already-linked articles of the same stories: they take part in the
    grouping (so "الشرع" in a new Arabic article meets "al-Shar’a" of an English one
    ingested earlier) but are not counted again. Returns (article id, mention, entity key)
    for ``mentions_by_article`` only, in article-id then text order. ``catalog`` may hold only
    the entities :func:`catalogue_keys` names; ``taken`` then answers whether an entity key is
    used anywhere (the store), so that a new entity never reuses one (default: ``catalog``).
    Mentions of a city by an ordinary Arabic word, without evidence (``_place_evidence``), are
    not names: they are left out of the result. ``stoplist``: the frequent ordinary Arabic
    words (default: the Arabic tagger's). ``pins``: the analyst's merges and splits
    (``overrides.Pins``): a story group naming a pinned alias links to the pinned entity
    (created with that key when missing), mentions pinned to different entities are kept
    apart, and no unpinned group takes a pinned key. ``aligned``: ((article id, sentence),
    (article id, sentence)) pairs, both orders, of sentences that say the same thing
    (compare.align): an Arabic name left without a unique Latin partner joins the one that
    stands in an aligned sentence and sounds alike on a looser scale (``_loose_score``).
    """
    story_of, seen_of, context = story_of or {}, seen_of or {}, context or {}
    stories: dict[str, list[tuple[str, Mention]]] = {}
    for aid in sorted(set(mentions_by_article) | set(context)):
        story = story_of.get(aid)
        sid = f"story:{story}" if story is not None else f"article:{aid}"
        items = mentions_by_article.get(aid) if aid in mentions_by_article else context[aid]
        stories.setdefault(sid, []).extend((aid, m) for m in items)
    skip = frozenset(context) - frozenset(mentions_by_article)
    if stoplist is None:
        from marsad.entities.ner import arabic_tagger
        stoplist = arabic_tagger().stoplist
    assigned: dict[int, str] = {}
    pins = pins or Pins()
    used = Taken(catalog.entities if taken is None else taken, pins.keys()) if pins else (
        catalog.entities if taken is None else taken)
    for sid in sorted(stories):
        index = catalog.key_index()
        groups, _rejected = _group_story(stories[sid], stoplist, aligned)
        for group, pin in _pinned(groups, pins):
            if all(aid in skip for aid, _ in group.mentions):
                continue
            key = pin.key if pin else _find_existing(group, catalog, index) or _new_key(group, used)
            if pin and key not in catalog.entities:
                catalog.entities[key] = EntityRecord(key, pin.label, place=group.place and group.place.id)
            record = catalog.entities.setdefault(key, EntityRecord(key, group.label, place=group.place and group.place.id))
            _update(record, group, seen_of, skip)
            for k in group.keys():
                index.setdefault(k, []).append(key)
            assigned.update({id(m): key for _, m in group.mentions})
    return [(aid, m, assigned[id(m)]) for aid in sorted(mentions_by_article) for m in mentions_by_article[aid]
            if id(m) in assigned]
