"""Monitoring: watchlists, the alerts they raise as articles arrive, and attention over time.

Pure modules: ``targets`` (what a watchlist follows, parsed from ``KIND:VALUE``), ``matching``
(does a new article match, and why: the sentence, the mention), ``atom`` (an Atom feed of a
watchlist's alerts), ``webhooks`` (the JSON POST, back-off schedule), ``trends`` (articles per
day by language, the rising rule). Glue: ``stage`` (the pipeline stage that writes alerts in
the article's transaction, and the webhook deliverer) and ``store`` (watchlists, alerts,
outbox, trend queries).
"""
