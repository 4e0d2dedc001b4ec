"""The entity co-mention graph as GraphML or GEXF 1.3 (Gephi): a node per entity, an
undirected edge weighted by the number of articles that mention both. Nodes are written as
they are read; only their ids are kept, to drop edges to entities outside the export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from marsad.export.columns import Row

Edges = Callable[[set[int]], Iterable[tuple[int, int, int]]]
NODE_KEYS = [("label", "string"), ("key", "string"), ("mentions", "int"), ("name_en", "string"),
             ("name_ar", "string"), ("aliases", "string")]
CHUNK = 200


def _text(value: object) -> str:
    return escape("" if value is None else str(value))


def encode_graphml(nodes: Iterable[Row], edges: Edges, stats: dict[str, int] | None = None) -> Iterator[bytes]:
    head = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    head += [f'  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>' for k, t in NODE_KEYS]
    head += ['  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
             '  <graph id="co-mentions" edgedefault="undirected">']
    yield ("\n".join(head) + "\n").encode("utf-8")

    def node(r: Row) -> str:
        data = "".join(f'\n      <data key="{k}">{_text(r[k])}</data>' for k, _ in NODE_KEYS)
        return f'    <node id="e{r["id"]}">{data}\n    </node>\n'

    def edge(i: int, a: int, b: int, n: int) -> str:
        return f'    <edge id={quoteattr(f"c{i}")} source="e{a}" target="e{b}"><data key="weight">{n}</data></edge>\n'

    yield from _body(nodes, edges, node, edge, stats)
    yield b"  </graph>\n</graphml>\n"


def encode_gexf(nodes: Iterable[Row], edges: Edges, stats: dict[str, int] | None = None) -> Iterator[bytes]:
    attrs = [k for k, _ in NODE_KEYS if k != "label"] + ["type"]
    types = dict(NODE_KEYS) | {"type": "string"}
    head = ['<?xml version="1.0" encoding="UTF-8"?>',
            '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
            '  <meta><creator>Marsad</creator><description>entity co-mentions</description></meta>',
            '  <graph defaultedgetype="undirected" mode="static">',
            '    <attributes class="node">']
    head += [f'      <attribute id="{i}" title="{k}" type="{"integer" if types[k] == "int" else "string"}"/>'
             for i, k in enumerate(attrs)]
    head += ["    </attributes>", "    <nodes>"]
    yield ("\n".join(head) + "\n").encode("utf-8")

    def node(r: Row) -> str:
        values = {**r, "type": r["label"]}
        label = r["name_en"] or r["name_ar"] or r["key"]
        data = "".join(f'<attvalue for="{i}" value={quoteattr("" if values[k] is None else str(values[k]))}/>'
                       for i, k in enumerate(attrs))
        return f'      <node id="e{r["id"]}" label={quoteattr(str(label))}><attvalues>{data}</attvalues></node>\n'

    def edge(i: int, a: int, b: int, n: int) -> str:
        return f'      <edge id="c{i}" source="e{a}" target="e{b}" weight="{n}"/>\n'

    yield from _body(nodes, edges, node, edge, stats, between="    </nodes>\n    <edges>\n")
    yield b"    </edges>\n  </graph>\n</gexf>\n"


def _body(nodes: Iterable[Row], edges: Edges, node: Callable[[Row], str], edge: Callable[..., str],
          stats: dict[str, int] | None, between: str = "") -> Iterator[bytes]:
    ids: set[int] = set()
    parts: list[str] = []
    for r in nodes:
        ids.add(int(r["id"]))
        parts.append(node(r))
        if len(parts) >= CHUNK:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append(between)
    n_edges = 0
    for a, b, n in edges(ids):
        parts.append(edge(n_edges, a, b, n))
        n_edges += 1
        if len(parts) >= CHUNK:
            yield "".join(parts).encode("utf-8")
            parts = []
    yield "".join(parts).encode("utf-8")
    if stats is not None:
        stats["edges"] = n_edges
