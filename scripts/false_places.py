"""Arabic city anchors without an English counterpart on the NTREX dev half, before and after the
place-evidence rule (``linking._place_evidence``), listed for reading.

NER runs once per article (``scripts/link_dev.py`` cache); each Arabic one-word LOC/ORG/MISC
mention that the gazetteer anchors to a city whose English side names no place of that id is
printed with the rule's verdict; a reader marks which are real places.

    PYTHONPATH=src python scripts/false_places.py [--cache /tmp/marsad-link-dev-ner.pkl]
"""

from __future__ import annotations

import argparse
import pickle
from collections import Counter
from pathlib import Path

from marsad.entities.keys import has_arabic, name_key
from marsad.entities.linking import _anchor, _place_evidence
from marsad.entities.ner import arabic_tagger


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=Path("/tmp/marsad-link-dev-ner.pkl"))
    cache = pickle.loads(ap.parse_args().cache.read_bytes())
    stoplist = arabic_tagger().stoplist
    kept, dropped = Counter(), Counter()
    for aid, mentions in sorted(cache.items()):
        if not aid.endswith(":ar"):
            continue
        english = {p.id for m in cache[aid[:-3] + ":en"] if (p := _anchor(m))}
        for m in mentions:
            place = _anchor(m)
            if place is None or place.kind != "city" or place.id in english or len(name_key(m.text).split()) > 1 \
                    or not has_arabic(m.text):
                continue
            verdict = kept if _place_evidence(m, place, stoplist) else dropped
            verdict[(m.text, place.names.get("en", place.id))] += 1
    for name, counts in (("kept", kept), ("dropped", dropped)):
        print(f"{name}: {sum(counts.values())} mentions, {len(counts)} forms")
        for (text, city), n in counts.most_common():
            print(f"  {n:3d}  {text}  -> {city}")


if __name__ == "__main__":
    main()
