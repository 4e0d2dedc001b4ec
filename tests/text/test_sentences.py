"""split_sentences: Arabic marks, glued full stops, abbreviations, decimals, spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_plain_english() -> None:
    assert sentences("He left. She stayed! Why? Nobody knows…") == ["He left.", "She stayed!", "Why?", "Nobody knows…"]


def test_arabic_question_and_semicolon_but_not_comma() -> None:
    text = "قال الشيباني، في حديث للمجلة: هل هذا ممكن؟ نعم؛ ممكن جداً."
    assert sentences(text) == ["قال الشيباني، في حديث للمجلة: هل هذا ممكن؟", "نعم؛", "ممكن جداً."]


def test_missing_space_after_arabic_full_stop() -> None:
    text = "سقط فيه النظام السوري السابق برئاسة .وفي حديث لمجلة \"المجلة\"، قال."
    assert sentences(text) == ["سقط فيه النظام السوري السابق برئاسة .", "وفي حديث لمجلة \"المجلة\"، قال."]


def test_quote_then_glued_full_stop() -> None:
    text = 'أم يرغبون بوجود دائم؟".وأوضح أن الفصائل تقدمت.وأضاف: "نعم".'
    assert sentences(text) == ['أم يرغبون بوجود دائم؟".', "وأوضح أن الفصائل تقدمت.", 'وأضاف: "نعم".']


def test_closing_quotes_stay_with_the_sentence() -> None:
    assert sentences('He said "stop." Then he left. «انتهى». ”Yes.” Ok.') == [
        'He said "stop."', "Then he left.", "«انتهى».", "”Yes.”", "Ok."
    ]


def test_abbreviations_initials_and_acronyms() -> None:
    text = "Mr. Smith met Dr. Jones at 9 a.m. on Monday. The U.S. envoy, John F. Kennedy Jr. agreed, e.g. on aid."
    assert sentences(text) == [
        "Mr. Smith met Dr. Jones at 9 a.m. on Monday.",
        "The U.S. envoy, John F. Kennedy Jr. agreed, e.g. on aid.",
    ]


def test_decimals_urls_and_emails_do_not_split() -> None:
    text = "Growth was 3.5 percent in 2024.See www.example.com/Report or mail press.Office@un.org now. Next one."
    assert sentences(text) == [
        "Growth was 3.5 percent in 2024.",
        "See www.example.com/Report or mail press.Office@un.org now.",
        "Next one.",
    ]


def test_glued_latin_sentence_splits_on_capital() -> None:
    assert sentences("The talks ended.Russia agreed.") == ["The talks ended.", "Russia agreed."]


def test_arabic_double_dot_pause_is_not_an_end() -> None:
    text = "كان علينا تحييد سلاح الجو الروسي.. فتوصّلنا إلى حل."
    assert sentences(text) == [text]


def test_newlines_and_list_numbers() -> None:
    text = "Title without stop\n\n1. First point\n2. Second point. More"
    assert sentences(text) == ["Title without stop", "1. First point", "2. Second point.", "More"]


def test_punctuation_only_fragments_are_not_sentences() -> None:
    assert sentences("... !!! \n * \n") == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.!?؟؛،…\"»”'\n3 وفيU.Se@")), max_size=120) | st.text(max_size=200))
def test_spans_are_ordered_stripped_and_in_bounds(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end
