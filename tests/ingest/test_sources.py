"""Inputs -> lazy stream of RawItems / Failures: files, folders, globs, stdin, kinds, caps."""

from __future__ import annotations

import io
import types
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.ingest.sources import (
    SourceOptions,
    count_inputs,
    folder_source,
    iter_items,
    kind_for_path,
    sniff_kind,
    walk_folder,
)
from marsad.model import Failure, RawItem

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "sources"
FOLDER = DATA / "folder"
SEEDS = REPO / ".." / "shared" / "seeds"


def names(items: list[RawItem | Failure]) -> list[str]:
    return [Path(i.origin).relative_to(FOLDER).as_posix() for i in items]


def test_folder_recursion_is_sorted_and_skips_hidden_and_binary() -> None:
    items = list(iter_items([str(FOLDER)]))
    assert names(items) == ["outlet-a/2025/11/a.html", "outlet-a/b.txt", "outlet-b/c.md", "outlet-b/noext", "root.txt"]
    assert all(isinstance(i, RawItem) for i in items)
    assert [i.kind for i in items] == ["html", "txt", "txt", "txt", "txt"]
    assert items == list(iter_items([str(FOLDER)]))  # deterministic


def test_folder_items_name_their_outlet() -> None:
    sources = {Path(i.origin).name: i.meta.get("source") for i in iter_items([str(FOLDER)])}
    assert sources == {
        "a.html": "outlet-a",
        "b.txt": "outlet-a",
        "c.md": "outlet-b",
        "noext": "outlet-b",
        "root.txt": "folder",
    }
    assert folder_source(Path("/x/aljazeera/2025-11-22/a.html")) == "aljazeera"


def test_single_file_has_no_folder_source_and_txt_title_hint() -> None:
    (item,) = iter_items([str(FOLDER / "root.txt")])
    assert isinstance(item, RawItem)
    assert item.meta == {"title_from": "first-line"}
    assert item.data.startswith(b"Test fixture: a headline")
    (item,) = iter_items([str(FOLDER / "root.txt")], SourceOptions(title_from="none"))
    assert item.meta == {"title_from": "none"}


def test_glob_patterns() -> None:
    items = list(iter_items([str(FOLDER / "**" / "*.txt")]))
    assert names(items) == ["outlet-a/b.txt", "root.txt"]  # ** does not enter dot-folders
    assert items[0].meta["source"] == "outlet-a"
    (empty,) = iter_items([str(FOLDER / "**" / "*.docx")])
    assert isinstance(empty, Failure) and empty.code == "E110"


def test_missing_path_is_a_failure_and_the_rest_continue() -> None:
    items = list(iter_items(["/no/such/place.txt", str(FOLDER / "root.txt")]))
    assert isinstance(items[0], Failure) and items[0].code == "E109"
    assert items[0].reason == "/no/such/place.txt: no such file or folder"
    assert isinstance(items[1], RawItem)


def test_stream_is_lazy() -> None:
    stream = iter_items(["/no/such/place.txt", str(FOLDER)])
    assert isinstance(stream, types.GeneratorType)
    assert isinstance(next(stream), Failure)
    assert isinstance(next(stream), RawItem)


def test_stdin_is_injectable_and_sniffed() -> None:
    (item,) = iter_items(["-"], stdin=io.BytesIO(b"<!DOCTYPE html><html><body>x</body></html>"))
    assert isinstance(item, RawItem) and item.origin == "<stdin>" and item.kind == "html"
    items = list(iter_items(["-"], stdin=io.BytesIO(b'{"text": "a"}\n{"text": "b"}\n')))
    assert [i.data for i in items] == ["a", "b"] and items[0].origin == "<stdin>#line 1"
    (empty,) = iter_items(["-"], stdin=io.BytesIO(b"  \n"))
    assert isinstance(empty, Failure) and empty.code == "E101"


def test_json_and_feed_files_are_expanded() -> None:
    items = list(iter_items([str(DATA / "json" / "records.jsonl"), str(DATA / "feeds" / "atom.xml")]))
    kinds = [(type(i).__name__, i.code if isinstance(i, Failure) else i.kind) for i in items]
    assert kinds == [
        ("RawItem", "txt"), ("RawItem", "html"), ("Failure", "E106"), ("Failure", "E132"), ("Failure", "E107"),
        ("RawItem", "txt"), ("RawItem", "html"), ("RawItem", "txt"),  # Atom <summary> defaults to text
    ]  # fmt: skip


def test_forced_format() -> None:
    (item,) = iter_items([str(DATA / "feeds" / "atom.xml")], SourceOptions(format="txt"))
    assert isinstance(item, RawItem) and item.kind == "txt"
    with pytest.raises(MarsadError, match="E901"):
        SourceOptions(format="pdf")


def test_size_cap_truncates_files(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    (item,) = iter_items([str(big)], SourceOptions(max_bytes=1000))
    assert isinstance(item, RawItem) and len(item.data) == 1000 and item.meta["truncated"] is True


def test_big_json_lines_are_streamed_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(f'{{"text": "record {n}"}}\n' for n in range(200)))
    items = list(iter_items([str(path)], SourceOptions(max_bytes=500)))
    assert len(items) == 200 and all(isinstance(i, RawItem) for i in items)
    assert "truncated" not in items[-1].meta
    array = tmp_path / "array.json"
    array.write_text("[" + ",".join('{"text": "x"}' for _ in range(100)) + "]")
    (failure,) = iter_items([str(array)], SourceOptions(max_bytes=500))
    assert isinstance(failure, Failure) and failure.code == "E131"


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (item,) = iter_items([str(tmp_path / "empty.txt")])
    assert isinstance(item, Failure) and item.code == "E101"


def test_count_inputs_matches_the_stream(tmp_path: Path) -> None:
    inputs = [str(FOLDER), str(DATA / "json" / "records.jsonl"), "/no/such", str(FOLDER / "*.txt")]
    assert count_inputs(inputs) == len(list(iter_items(inputs)))
    assert count_inputs([str(DATA / "feeds" / "rss.xml")]) is None
    assert count_inputs(["-"]) is None and count_inputs(["https://example.org/"]) is None


def test_seeds_folder() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS} (needs ../shared next to the repo)")
    items = list(iter_items([str(SEEDS)]))
    assert [Path(i.origin).name for i in items] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all(i.kind == "txt" and i.meta["source"] == "seeds" for i in items)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', "feed"),
        (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'/>", "feed"),
        (b"  <!DOCTYPE html><html></html>", "html"),
        ("<html><body>ي</body></html>".encode("utf-16"), "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', "html"),
        (b'\n{"text": "x"}', "json"),
        (b"[1, 2]", "txt"),
        (b'\n[ {"text": "x"}]', "json"),
        ("نص عادي".encode(), "txt"),
        (b"[UPDATED] Test fixture headline", "txt"),
        (b"{sic} Test fixture text", "txt"),
        (b"<!-- Test fixture -->\n<rss version='2.0'></rss>", "feed"),
        (b"<p>Test fixture fragment</p>", "html"),
        (b"<<Test fixture>> text", "txt"),
    ],
)
def test_sniff_kind(data: bytes, kind: str) -> None:
    assert sniff_kind(data) == kind


def test_kind_for_path_and_walk() -> None:
    assert [kind_for_path(n) for n in ("a.HTM", "b.ndjson", "c.atom", "d.md", "e.bin")] == [
        "html",
        "json",
        "feed",
        "txt",
        None,
    ]
    assert all(not p.name.startswith(".") for p in walk_folder(FOLDER))


def test_big_json_lines_on_stdin_and_pretty_documents(tmp_path: Path) -> None:
    lines = "".join(f'{{"text": "record {n}"}}\n' for n in range(50)).encode()
    items = list(iter_items(["-"], SourceOptions(max_bytes=333), stdin=io.BytesIO(lines)))
    assert [i.data for i in items] == [f"record {n}" for n in range(50)]
    assert [i.origin for i in items][:2] == ["<stdin>#line 1", "<stdin>#line 2"]
    pretty = tmp_path / "pretty.json"
    pretty.write_text('{\n  "text": "' + "x" * 2000 + '"\n}\n')
    (failure,) = iter_items([str(pretty)], SourceOptions(max_bytes=500))
    assert isinstance(failure, Failure) and failure.code == "E131"
