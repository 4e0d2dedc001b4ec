"""Sources: who reports, who copies whom, and how a story travels across languages.

Pure modules: ``registry`` (outlets, the bundled table, CSV rows), ``resolve`` (an article's
outlet from its URL, feed or explicit field), ``attribution`` ("according to Reuters",
"نقلا عن وكالة سانا"), ``provenance`` (per story: copies, translations, citations, the
independent-source count, first report per language and the lag). Glue: ``store``.
"""
