"""One catalogue of user-facing errors.

Codes are grouped by area: E1xx ingest (sources, decoding, extraction), E2xx text
(language, sentences, dates), E3xx embedding / clustering / search (E31x entity merges and splits by hand, E38x monitoring: watchlists, alerts, webhooks), E4xx store,
E5xx entities, E6xx events, E7xx comparison, E8xx API / web, E9xx evaluation and CLI.
Messages say what failed, on which input, and what to do; ``str(err)`` is one line.
"""

from __future__ import annotations


class Errors:
    E100 = "could not ingest {origin}: {reason}"
    E101 = "{origin}: the file is empty"
    E102 = "{origin}: looks like binary data ({detail}), not text, HTML or JSON; skip it or convert it to text"
    E103 = "{origin}: could not decode the bytes as text ({detail})"
    E104 = "{origin}: no article text left after extraction (page is empty, all boilerplate, or not an article)"
    E105 = "{origin}: input is larger than the {limit} byte cap; it was truncated"
    E106 = "{origin}: invalid JSON on line {line}: {detail}"
    E107 = "{origin}: JSON record has no text field (looked for {fields}); pass --text-field NAME"
    E108 = "{origin}: not a readable feed ({detail})"
    E109 = "{origin}: no such file or folder"
    E110 = "{origin}: glob pattern matched no files"
    E111 = "{origin}: too little text to be an article ({letters} letters; at least {minimum})"
    E120 = "{url}: refusing to fetch a {kind} address ({address}); pass --allow-private to allow it"
    E121 = "{url}: fetch failed: {detail}"
    E122 = "{url}: HTTP {http_status} from the server"
    E123 = "{url}: response is larger than the {limit} byte cap"
    E124 = "{url}: unsupported content type {ctype!r} (expected HTML, text, a feed or JSON)"
    E125 = "{url}: only http and https URLs can be fetched"
    E126 = "{url}: too many redirects (more than {limit})"
    E127 = "{url}: timed out after {seconds} s"
    E130 = "{origin}: could not read the input ({detail})"
    E131 = "{origin}: a JSON document larger than the {limit} byte cap cannot be read whole; convert it to JSON Lines (one object per line)"
    E132 = "{origin}: JSON record is {detail}, not an object"
    E133 = "{origin}: JSON field {field!r} holds {detail}, not text"
    E134 = "{origin}: feed entry has neither a link nor any content"
    E135 = "{origin}: feed entry has no text of its own; pass --follow to fetch the linked page"
    E140 = "{origin}: not a readable WARC archive ({detail}); the records before it were read"
    E141 = "{origin}: skipped, {detail} is not an HTML page"
    E142 = "{origin}: skipped, a revisit record (a repeat capture without a payload of its own)"
    E143 = "{origin}: skipped, HTTP {http_status} response (an error or redirect, not a page)"
    E170 = "{where}: not a valid outlet row: {detail}"
    E171 = "no outlet with key {key!r}; list them with `marsad sources list`"
    E200 = "could not detect the language of {origin}: {detail}"
    E300 = "embedding backend {name!r} is not available: {detail}"
    E301 = "stored vectors were made with {stored!r} but the configured model is {configured!r}; run `marsad reprocess --stage embed`"
    E302 = "no story with id {id}; list them with `marsad stories`"
    E310 = "no entity matches {name!r}; give an id or a name as `marsad entities` lists them"
    E311 = "merging needs at least two different entities; {names} name only entity {ids}"
    E312 = "these entities are of different types ({detail}); check they are one referent, then pass --force (API: \"force\": true)"
    E313 = "--into {into!r} is entity {id}, which is not one of the entities merged ({ids}); name one of them"
    E314 = "entity {id} has no alias {alias!r}; its aliases are: {aliases}"
    E315 = "splitting entity {id} on those aliases would move all its mentions; leave at least one alias, or merge instead"
    E316 = "unknown entity type {label!r}; choose one of: {choices}"
    E317 = "say which mentions to split off entity {id}: give one or more --alias NAME, as `marsad entity {id}` lists them"
    E380 = "no watchlist with id {id}; list them with `marsad watch list`"
    E381 = "unknown watch kind {kind!r}; write the target as KIND:VALUE with KIND one of: {choices}"
    E382 = "cannot watch {target!r}: {detail}"
    E383 = "cannot send alerts to this webhook: {detail}"
    E400 = "could not open the database {url}: {detail}"
    E401 = "no article with id {id!r}; list them with `marsad articles`"
    E402 = "database schema is newer than this Marsad ({detail}); upgrade Marsad"
    E420 = "no {table} table in this database (upgrade)"
    E445 = "the event detectors read sentence texts with their vectors, got {rows} vectors and {texts} texts; pass one text per vector"
    E500 = "NER model {name!r} is missing or unreadable ({detail}); reinstall Marsad or retrain with scripts/train_ner_ar.py"
    E501 = "no entity matches {name!r}; list them with `marsad entities`"
    E600 = "event model {name!r} is missing or unreadable ({detail}); reinstall Marsad or retrain with scripts/train_events.py"
    E601 = "event vectors have dimension {got}, the event model expects {expected} ({backend}); re-embed with that backend"
    E800 = "invalid request: {detail}"
    E801 = "write endpoints are off: start the server with MARSAD_TOKEN set to enable them"
    E802 = "missing or wrong bearer token: send the header 'Authorization: Bearer $MARSAD_TOKEN'"
    E803 = "request body is larger than the {limit} byte cap"
    E804 = "no such page or endpoint: {path}"
    E805 = "internal server error (reference {ref}); the details are in the server log"
    E806 = "method {method} is not allowed on {path}"
    E807 = "nothing was ingested: {detail}"
    E808 = "{detail} is not available yet: the stage that computes it has not run on this database"
    E900 = "{path}: {detail}"
    E901 = "unknown {what} {value!r}; choose one of: {choices}"
    E902 = "could not start or reach Ray ({what}): {detail}"
    E903 = "Ray is not installed; install it with: pip install 'marsad[distributed]'"
    E904 = "{path}, line {line}: not a translation pair ({detail}); each line needs 'en' and 'ar' texts, one sentence a line"
    E905 = "cannot listen on {host}:{port}: {detail}; is another server running there? Pick another --port"
    E906 = "{path}: not a BIO/IOB file ({detail}); expected one 'token TAG' per line, a blank line between sentences"
    E910 = "--{name}: {value!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
    E911 = "the {kind} export cannot be filtered by --{option}: {detail}"
    E920 = "{path}: not a quote gold file ({detail}); expected JSON lines with doc_id, lang, line, sentence, speaker"
    E921 = "{path}: the documents of the quote gold are not there (missing {missing}); pass --docs with the NTREX-format documents.jsonl"
    E922 = "{path}, line {line}: not an NTREX-format document ({detail}); each line needs doc_id, en and ar"


class MarsadError(Exception):
    """An expected failure with a catalogued, one-line message for users.

    ``status`` is the HTTP status the API answers with (4xx for the user's input).
    """

    def __init__(self, code: str, status: int = 400, **fields: object) -> None:
        self.code = code
        self.status = status
        self.fields = fields
        template = getattr(Errors, code, "{detail}")
        try:
            message = template.format(**fields)
        except (KeyError, IndexError):
            message = f"{template} {fields}"
        self.message = " ".join(message.split())
        super().__init__(f"[{code}] {self.message}")


class IngestError(MarsadError):
    """An input that cannot become an article; the batch records it and moves on."""


class FetchError(IngestError):
    """A URL that could not be fetched safely."""


class StoreError(MarsadError):
    pass


class NotFound(MarsadError):
    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code, status=404, **fields)
