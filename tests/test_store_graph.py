"""The stored actor graph (store/graph.py) gives what grouping the events gives."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from sitroom.records import Article, ArticleAnalysis
from sitroom.store import findings
from sitroom.store.schema import graph_pairs

# events of each article: source, target, plover, cameo, Goldstein, quad class, modality,
# confidence, date (None: the article's)
A = ("PRK", "RUS", "AID", "072", 8.3, 2, "reported", 0.9, "2024-10-01")
B = ("RUS", "PRK", "ASSAULT", "190", -10.0, 4, "asserted", 0.95, None)
C = ("PRK", "RUS", None, "043", 2.8, 1, "asserted", 0.8, "2024-09-20")
D = ("USA", "RUS", "SANCTION", "163", -8.0, 3, "future", 0.75, "2024-10-03")
NEGATED = ("USA", "PRK", "AID", "072", 8.3, 2, "negated", 0.9, None)
DOUBTED = ("USA", "PRK", "AID", "072", 8.3, 2, "asserted", 0.4, None)
UNDATED = ("KOR", "PRK", None, "111", -2.0, 3, "reported", 0.9, None)
UNSURE = ("KOR", "RUS", None, "111", -2.0, 3, "reported", None, None)
SELF = ("RUS", "RUS", None, "010", 0.0, 1, "asserted", 0.9, None)
STORED = {
    "a1": ("2024-10-02", [A, B, D]),
    "a2": ("2024-10-05", [A, C, NEGATED, DOUBTED]),
    "a3": ("2024-10-09", [C, D, SELF, UNDATED, UNSURE]),
    "a4": ("2024-09-28", [B, B, A]),
}
# then: a2 analysed again with other events (its earliest PRK–RUS event gone), a3 with none
AGAIN = {"a2": [B, D], "a3": []}


def _article(article_id: str, published: str) -> Article:
    words = " ".join(f"{article_id}w{n}" for n in range(30))
    return Article(id=article_id, text=f"{words} sending troops. {words[::-1]}.",
                   source="Wire", url=f"https://x.example/{article_id}", published=published)


def _analysis(article: Article, rows: list[tuple]) -> ArticleAnalysis:
    start = article.text.index("sending")
    evented = [{"source": s, "target": t, "plover": p, "cameo": c, "root": c[:2],
                "goldstein": g, "quad_class": q, "modality": m, "confidence": conf,
                "trigger": {"start": start, "end": start + 7, "text": "sending"},
                "sentence": {"start": 0, "end": len(article.text)},
                **({"date": date} if date else {})}
               for s, t, p, c, g, q, m, conf, date in rows]
    return ArticleAnalysis.from_dict({
        "article": article.to_dict(), "actors": [], "events": evented, "quotes": [],
        "claims": [], "causal": [], "sentences": [{"start": 0, "end": len(article.text)}]})


def _grouped(store, monkeypatch, **arguments):
    """The graph as grouping every event gives it (the stored one turned off)."""
    with monkeypatch.context() as patch:
        patch.setattr(findings, "stored_graph_serves", lambda *_: False)
        return store.actor_graph(**arguments)


def _same_graphs(store, monkeypatch) -> None:
    for arguments in ({}, {"limit": 2}, {"limit": 2, "offset": 1}, {"limit": 50},
                      {"evidence": 0, "limit": 1, "offset": 3}, {"actor": "RUS"},
                      {"actor": "PRK", "limit": 1, "offset": 1},
                      {"actor": "USA", "evidence": 0}, {"actor": "nobody"}):
        assert store.actor_graph(**arguments) == _grouped(store, monkeypatch, **arguments)
    with store.engine.connect() as connection:
        kept = connection.execute(sa.select(sa.func.count()).select_from(graph_pairs))
        assert kept.scalar_one() == len(_grouped(store, monkeypatch)["edges"])


def test_store_graph_is_the_grouped_one_after_writes_and_reanalysis(store, monkeypatch):
    articles = {key: _article(key, day) for key, (day, _) in STORED.items()}
    plans = store.plan(list(articles.values()), analyse=True)
    store.write(plans, [_analysis(p.article, STORED[p.article.id][1]) for p in plans])
    assert len(store.actor_graph()["edges"]) == 4
    _same_graphs(store, monkeypatch)
    store.write([], [_analysis(articles[key], rows) for key, rows in AGAIN.items()])
    first = {(e["source"], e["target"]): e["first_seen"] for e in store.actor_graph()["edges"]}
    assert first[("PRK", "RUS")] == "2024-10-01"  # 2024-09-20 was a2's and a3's
    _same_graphs(store, monkeypatch)
    store.write([], [_analysis(articles["a1"], [])])
    _same_graphs(store, monkeypatch)


def test_store_graph_filled_by_its_migration(store, monkeypatch):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    plans = store.plan([_article(key, day) for key, (day, _) in STORED.items()],
                       analyse=True)
    store.write(plans, [_analysis(p.article, STORED[p.article.id][1]) for p in plans])
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    store.migrate()
    _same_graphs(store, monkeypatch)


@pytest.mark.parametrize(("arguments", "stored"), [
    ({}, True), ({"min_confidence": 0.7}, True), ({"min_confidence": 0.5}, False),
    ({"min_confidence": 0}, False), ({"min_confidence": None}, False),
    ({"by_country": True}, False),
    ({"story": "s1"}, False), ({"since": "2024-10-01"}, False),
    ({"modalities": ("asserted",)}, False), ({"actor": None, "code": None}, True),
    ({"actor": "RUS"}, True), ({"actor": "RUS", "code": "19"}, False),
])
def test_store_graph_serves_only_the_unfiltered_graph(arguments, stored):
    modalities = arguments.pop("modalities", findings.GRAPH_MODALITIES)
    by_country = arguments.pop("by_country", False)
    assert findings.stored_graph_serves(modalities, by_country, arguments) is stored
