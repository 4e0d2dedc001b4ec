"""Helpers for the browser and page tests: a live uvicorn server, seeded stores, screenshots."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
SAMPLE = ROOT / "src" / "marsad" / "data" / "sample"  # the bundled copy of the same two seeds
EN_SEED, AR_SEED = "000_caab26223d637160.txt", "003_31f4c5ac5bfdc59e.txt"
CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]
ARTIFACTS = ROOT / "test-artifacts" / "web"
TOKEN = "test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """Uvicorn serving ``app`` on 127.0.0.1 in a background thread."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def seed_paths() -> list[str]:
    folder = SEEDS if SEEDS.exists() else SAMPLE
    return [str(folder / EN_SEED), str(folder / AR_SEED)]


def seed_into(path: Path):  # type: ignore[no-untyped-def]
    """A new store at ``path`` holding the two seed articles, ingested by the real pipeline."""
    from marsad.ingest.sources import SourceOptions
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store

    store = open_store(str(path))
    summary = build_pipeline(store).ingest(seed_paths(), SourceOptions())
    assert summary.ingested == 2, summary.as_dict()
    return store


def screenshot(pg, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot under test-artifacts/web/ (a CI artefact)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
