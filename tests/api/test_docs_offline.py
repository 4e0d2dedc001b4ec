"""The API documentation works on an air-gapped machine: no CDN, no inline script."""

import re


def test_docs_page_uses_only_local_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"https?://", page.text), "the docs page must not load anything from the network"
    assert "<script>" not in page.text.replace("<script src=", "")  # only external scripts
    for src in re.findall(r'(?:src|href)="(/[^"]+)"', page.text):
        assert client.get(src).status_code == 200, src
    assert "'unsafe-inline'" not in page.headers["content-security-policy"].split("script-src")[1].split(";")[0]


def test_openapi_spec_is_served(client):
    spec = client.get("/openapi.json").json()
    assert "/api/stories/{story_id}/compare" in spec["paths"]
