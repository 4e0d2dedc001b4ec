"""Search: Arabic-aware keyword search and cross-lingual semantic search, fused.

Pure: ``terms`` (index and query terms), ``vector_index`` (the ANN index and exact search).
Store glue: ``keyword`` (the full-text index), ``semantic`` (article vectors and the index
file), ``store`` (``search()``, what the CLI, the API and the web UI call).
"""
