"""Jinja2 rendering for the UI: one autoescaping environment, script-direction helpers,
and render timing recorded into the Server-Timing header."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from marsad.api.scope import timings

WEB = Path(__file__).resolve().parent
RTL_LANGS = frozenset({"ar", "fa", "ur", "he", "ps", "ckb", "yi", "sd", "ug", "dv", "arz", "ary", "apc"})
LANG_NAMES = {"ar": "العربية", "en": "English", "fa": "فارسی", "fr": "Français", "he": "עברית", "ur": "اردو",
              "tr": "Türkçe", "ru": "Русский", "de": "Deutsch", "es": "Español"}


def text_dir(lang: str | None) -> str:
    """``rtl`` for right-to-left languages, ``ltr`` for other known ones, ``auto`` when unknown."""
    if not lang:
        return "auto"
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def short(text: str | None, n: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def day(value: str | None) -> str:
    return (value or "")[:10]


def lang_name(lang: str | None) -> str:
    return LANG_NAMES.get(lang or "", lang or "?")


def display_name(entity: dict[str, Any], prefer: str = "en") -> str:
    """An entity's name for labels: the preferred language, else any name, else its key."""
    names = entity.get("names") or {}
    return names.get(prefer) or next(iter(names.values()), None) or str(entity.get("key") or entity.get("id"))


def _environment() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(WEB / "templates"))  # autoescape is on for every template
    env = templates.env
    env.filters.update(short=short, day=day, dir=text_dir, lang_name=lang_name, display_name=display_name)
    env.globals.update(text_dir=text_dir)
    return templates


TEMPLATES = _environment()


def warm_templates() -> None:
    """Compile every template once, so the first visitor does not pay for it."""
    for name in TEMPLATES.env.list_templates(extensions=["html"]):
        TEMPLATES.get_template(name)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render ``name`` with ``context``; the render time goes into Server-Timing."""
    started = time.perf_counter()
    html = TEMPLATES.get_template(name).render({**context, "path": request.url.path, "unread": unread_alerts(request)})
    timings(request.scope)["render"] = (time.perf_counter() - started) * 1000
    return HTMLResponse(html, status_code=status)


def unread_alerts(request: Request) -> int:
    """Unread alerts of every watchlist, for the badge in the header (0 when unknown)."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        return 0
    from sqlalchemy.exc import SQLAlchemyError

    from marsad.monitor.store import unread_count

    try:
        with store.connect() as conn:
            return unread_count(conn)
    except SQLAlchemyError:  # the badge must never break a page
        return 0


def render_error(status: int, code: str, message: str) -> HTMLResponse:
    """The HTML error page (no request needed: it also serves the last-resort handler)."""
    html = TEMPLATES.get_template("error.html").render(status=status, code=code, message=message, path="")
    return HTMLResponse(html, status_code=status)
