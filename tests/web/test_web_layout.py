"""Pure layout and highlighting functions: properties over generated input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.web.highlight import article_view, sentence_status
from marsad.web.render import TEMPLATES, text_dir
from marsad.web.svg import graph_layout, placement, timeline_layout

dates = st.dates().map(lambda d: d.isoformat()) | st.sampled_from(
    ["2024", "2024-12", "", "soon", "2024-02-30", "../2024-12-08", "2011/..", "2025-10-25/2025-11-08", "P3D"])
event = st.fixed_dictionaries({
    "date": dates, "type": st.sampled_from(["ASSAULT", "CONSULT", "<b>x</b>"]), "article_id": st.text(max_size=8),
    "sentence": st.integers(0, 50), "source": st.text(max_size=12), "lang": st.sampled_from(["ar", "en", None]),
    "actor": st.text(max_size=20) | st.none(),
})


@given(st.lists(event, max_size=40))
@settings(max_examples=60, deadline=None)
def test_timeline_points_stay_inside_the_chart(events) -> None:
    chart = timeline_layout(events)
    plotted = [e for e in events if placement(e["date"])]
    assert len(chart.points) == len(plotted) and len(chart.unplaced) == len(events) - len(plotted)
    for p in chart.points:
        assert chart.left <= p.x <= chart.width and 0 < p.y < chart.height
    assert len(chart.lanes) == len({e["lang"] or "?" for e in plotted})  # one lane per language
    xs = [p.x for p in sorted(chart.points, key=lambda p: p.x)]
    assert xs == sorted(xs)


def test_timeline_orders_by_event_date_not_input_order() -> None:
    evs = [{"date": "2024-12-07", "type": "B", "source": "s", "lang": "ar", "article_id": "a", "sentence": 1},
           {"date": "2024-11-29", "type": "A", "source": "s", "lang": "ar", "article_id": "a", "sentence": 2}]
    chart = timeline_layout(evs)
    first, second = sorted(chart.points, key=lambda p: p.x)
    assert (first.label, second.label) == ("A", "B")
    assert [t.label for t in chart.ticks] == ["2024-11-29", "2024-12-07"]


@given(st.lists(st.fixed_dictionaries({"id": st.integers(1, 10**6), "articles": st.integers(1, 50),
                                       "names": st.dictionaries(st.sampled_from(["ar", "en"]), st.text(max_size=30)),
                                       "label": st.sampled_from(["PER", "LOC"])}), max_size=16))
@settings(max_examples=60, deadline=None)
def test_graph_nodes_lie_on_the_canvas_and_render_escaped(neighbours) -> None:
    graph = graph_layout({"id": 1, "names": {"en": "<script>x</script>"}, "label": "PER"}, neighbours)
    assert len(graph.nodes) == len(neighbours) + 1 and len(graph.edges) == len(neighbours)
    for n in graph.nodes:
        assert 0 < n.x < graph.size and 0 < n.y < graph.size
    html = TEMPLATES.get_template("graph.html").render(graph=graph)
    assert "<script>" not in html


def test_graph_layout_is_deterministic() -> None:
    ns = [{"id": i, "articles": i, "names": {"en": f"n{i}"}} for i in range(1, 6)]
    assert graph_layout({"id": 0}, ns) == graph_layout({"id": 0}, ns)


@st.composite
def article(draw):  # type: ignore[no-untyped-def]
    text = draw(st.text(min_size=1, max_size=200))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))) | {0, len(text)})
    sentences = [{"index": i, "start": a, "end": b} for i, (a, b) in enumerate(zip(cuts, cuts[1:])) if a < b]
    spans = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 20)), max_size=10))
    mentions = [{"start": a, "end": min(a + n, len(text)), "label": "PER", "entity_id": 1}
                for a, n in spans if min(a + n, len(text)) > a]
    return {"id": "x", "text": text, "sentences": sentences, "mentions": mentions}


@given(article())
@settings(max_examples=150, deadline=None)
def test_highlighting_keeps_every_character_in_order(art) -> None:
    views = article_view(art)
    rebuilt = "".join(p.text for v in views for p in v.parts)
    assert rebuilt == art["text"]


def test_repairs_are_inserted_at_their_offset_and_marked() -> None:
    art = {"id": "ar1", "text": "برئاسة . وقال", "sentences": [{"index": 0, "start": 0, "end": 13}]}
    repairs = [{"article_id": "ar1", "sentence": 0, "start": 7, "missing": "بشار الأسد", "from_article": "en1",
                "from_sentence": 0, "score": 0.6}]
    parts = article_view(art, repairs=repairs)[0].parts
    assert [p.kind for p in parts] == ["text", "repair", "text"] and parts[1].text == "بشار الأسد"


def test_script_direction_by_language() -> None:
    assert (text_dir("ar"), text_dir("en"), text_dir(None), text_dir("fa-IR")) == ("rtl", "ltr", "auto", "rtl")


def test_a_sentence_takes_one_status_from_its_clauses() -> None:
    assert sentence_status(["shared", "shared"]) == "shared"
    assert sentence_status(["shared", "unique"]) == "partial"
    assert sentence_status(["unique", "conflict", "shared"]) == "conflict"
    assert sentence_status([]) is None
