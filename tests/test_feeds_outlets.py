"""Feed outlets: named by the feed's site (data/outlets.tsv), not by its title or slogan."""

from __future__ import annotations

import pytest

from sitroom.ingest.feeds import feed_articles
from sitroom.ingest.normalize import outlet_by_domain, outlet_from_title, outlet_name
from tests.conftest import shared_path


@pytest.mark.parametrize(("url", "outlet"), [
    ("https://www.bbc.co.uk/news/world", "BBC News"),
    ("https://news.sky.com/home", "Sky News"),
    ("http://feeds.reuters.com/Reuters/worldNews", "Reuters"),
    ("https://edition.cnn.com/2024/10/18/x", "CNN"),
    ("https://WWW.NYTIMES.COM/", "The New York Times"),
    ("https://notbbc.co.uk/news", None),
    ("https://example.org/feed", None),
    ("not a url", None),
    (None, None),
])
def test_feeds_outlets_by_domain(url, outlet):
    assert outlet_by_domain(url) == outlet


@pytest.mark.parametrize(("title", "outlet"), [
    ("Harbour Wire - World", "Harbour Wire"),
    ("Harbour Wire > Top Stories", "Harbour Wire"),
    ("Harbour Wire: Politics", "Harbour Wire"),
    ("Breaking news and analysis from around the region | Harbour Wire", "Harbour Wire"),
    ("Top stories, breaking news and more", None),
    ("Regional homepage", None),
    ("", None),
])
def test_feeds_outlets_name_in_a_feed_title(title, outlet):
    assert outlet_from_title(title) == outlet


@pytest.mark.parametrize(("site", "title", "item", "outlet"), [
    ("https://www.theguardian.com/uk", "The Guardian UK edition", None, "The Guardian"),
    (None, "Harbour Wire - World", "https://www.bbc.co.uk/news/1", "BBC News"),
    ("https://harbour.example/", "Harbour Wire - World", None, "Harbour Wire"),
    ("https://harbour.example/", "All the news that matters", None, "harbour.example"),
    (None, "all the news that matters", "https://www.harbour.example/a", "harbour.example"),
    (None, None, None, None),
])
def test_feeds_outlets_site_then_item_then_title_then_domain(site, title, item, outlet):
    assert outlet_name(site, title, item) == outlet


def _feed(site: str, title: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>{title}</title><link>{site}</link><description>d</description>
<item><title>Talks resume</title><link>{site}a</link><description>Talks resumed.</description>
</item></channel></rss>""".encode()


@pytest.mark.parametrize(("site", "title", "outlet"), [
    ("https://www.bbc.co.uk/news/", "BBC News - World", "BBC News"),
    ("https://www.ft.com/", "UK homepage", "Financial Times"),
    ("https://harbour.example/", "Harbour Wire - World", "Harbour Wire"),
    ("https://harbour.example/", "The latest news from the region and the world",
     "harbour.example"),
])
def test_feeds_outlets_feed_items_carry_the_outlet(site, title, outlet):
    [item] = feed_articles("f.xml", "f", _feed(site, title))
    assert item.source == outlet


# The publishers of the feeds in ../shared/corpus/rss-feeds, from its SOURCE.md.
PUBLISHERS = {
    "2018-01-30_Reuters_World_News.xml": "Reuters",
    "2022-04-05_BBC_News_World.xml": "BBC News",
    "2022-04-05_BuzzFeed_Latest.xml": "BuzzFeed",
    "2022-04-05_HuffPost_Breaking_News_U_S_and_World_News.xml": "HuffPost",
    "2022-04-05_NYT_Top_Stories.xml": "The New York Times",
    "2022-04-05_Sky_News.xml": "Sky News",
    "2022-04-05_The_Financial_Times_UK_homepage.xml": "Financial Times",
    "2022-04-05_The_Guardian.xml": "The Guardian",
    "2022-04-05_The_Telegraph.xml": "The Telegraph",
    "2022-04-06_The_Verge_Front_Pages.xml": "The Verge",
}


@pytest.mark.slow
def test_feeds_outlets_real_feeds_name_their_publisher():
    folder = shared_path("corpus", "rss-feeds")
    found = {}
    for name in PUBLISHERS:
        items = list(feed_articles(name, name, (folder / name).read_bytes()))
        found[name] = {getattr(item, "source", None) for item in items}
    assert found == {name: {outlet} for name, outlet in PUBLISHERS.items()}
