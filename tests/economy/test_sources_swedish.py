"""The footprint's "method, assumptions and sources" section reads in the page's language (issue 14):
the pure model core writes its provenance in English, the economy app tells it in Swedish."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.core.test_new_user_walk import english_words


@pytest.fixture
def client_lisa(client, lisa):
    client.force_login(lisa)
    return client


def sources_text(html: str) -> str:
    section = re.search(r'data-testid="sources">(.*?)</details>', html, re.S)
    assert section, "the page has no sources section"
    text = re.sub(r"<code>.*?</code>", " ", section.group(1), flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.mark.parametrize("params", [{}, {"area": "kommun:2081", "industry": "24"}])
def test_the_sources_section_has_no_english_on_a_swedish_page(stats_store, client_lisa, params):
    text = sources_text(client_lisa.get("/footprint/", params).content.decode())
    assert "Skatteverket" in text or "skatt" in text.lower()
    assert "FLQ" in text and "Flegg & Tohmo 2013" in text  # the method's name and its citation stay
    assert not english_words(text), text
