"""Is an article an opinion piece? Used so that a story is not titled after a column.

A story's title is the headline of its most central member (recluster.central_titles); an
opinion piece can sit near the centre of a story it comments on ("Study History" over a
Kavanaugh story, issue 15) but does not name the event. Cues, any of which is enough:

- the address: a path segment such as ``/opinion/``, ``/comment/``, ``/commentisfree/``,
  ``/op-ed/``, ``/editorial/``, ``/columnists/``, ``/blogs/`` or the Arabic sites' ``/ra2y/``,
  ``/opinions/``, ``/articles/opinion``;
- the headline starts with a label: "Opinion:", "Comment |", "Op-ed -", "Editorial:",
  "رأي:", "مقال رأي", "افتتاحية";
- the author speaks in the first person outside quotation marks: at least
  :data:`FIRST_PERSON_MIN` words such as I / me / my (Arabic أنا / برأيي / أعتقد / أرى ...)
  and at least :data:`FIRST_PERSON_RATE` of the words. Of the 122 NTREX dev articles two pass,
  both columns: the Labour MP's (guardian.221679, English) and "Study History"
  (nytimes.184830, English: "I do not mean to suggest ..."), the opinion piece the issue saw
  titling a Kavanaugh story; no news report does (news quotes people, and quotes are left
  out). Their Arabic translations do not pass: Arabic writes the first person mostly in the
  verb, which these cue words do not see.
"""

from __future__ import annotations

import re

FIRST_PERSON_MIN = 5
FIRST_PERSON_RATE = 0.02
_URL = re.compile(r"/(?:opinions?|comment|commentisfree|op-?ed|editorials?|columnists?|columns?|blogs?|ra2y|raay|views)(?:/|$)", re.I)
_LABEL = re.compile(r"^\s*(?:opinion|comment|op-?ed|editorial|column|analysis and opinion|رأي|مقال رأي|مقالة رأي|افتتاحية|وجهة نظر)\s*[:|\-–—]", re.I)
_QUOTE = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|„[^“\n]*“')
_EN = re.compile(r"\b(?:I|me|my|mine|myself|I'm|I've|I'd|I'll|I’m|I’ve|I’d|I’ll)\b")
_AR = re.compile(r"(?<![\w\u0600-\u06ff])(?:أنا|انا|برأيي|رأيي|أعتقد|اعتقد|أظن|أرى|نفسي|عندي|كنت)(?![\w\u0600-\u06ff])")


def is_opinion(title: str, text: str, url: str | None = None) -> bool:
    """Whether the article reads as an opinion piece (see the module docstring)."""
    if url and _URL.search(url.split("?", 1)[0]):
        return True
    if title and _LABEL.match(title):
        return True
    body = _QUOTE.sub(" ", text.replace("\n", " "))
    words = len(body.split())
    if not words:
        return False
    first = len(_EN.findall(body)) + len(_AR.findall(body))
    return first >= FIRST_PERSON_MIN and first >= FIRST_PERSON_RATE * words
