"""The one write endpoint, mounted only when the server is started with a token."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from fastapi import APIRouter, Body, HTTPException, Request

from ..errors import InputError
from ..ingest import IngestOptions
from ..ingest.readers import record_article
from .api import store_of

router = APIRouter(tags=["write"])
MAX_ARTICLES = 100


@router.post("/articles", summary="Analyse and store articles (needs the server's token)",
             status_code=201)
def add_articles(request: Request, records: list[dict[str, Any]] = Body(  # noqa: B008
        ..., description="article records as CONTRACT.md's input JSON: text, title, "
                         "source, url, published, id")) -> dict[str, Any]:
    from ..pipeline import analyze
    from ..stories.stored import update_stories
    from .app import token_matches

    if not token_matches(request.app.state.token, request.headers.get("authorization")):
        raise HTTPException(status_code=401, detail="a valid bearer token is needed to write",
                            headers={"WWW-Authenticate": "Bearer"})
    if len(records) > MAX_ARTICLES:
        raise HTTPException(status_code=413, detail=f"at most {MAX_ARTICLES} articles a request")
    store = store_of(request)
    articles, problems = [], []
    for n, record in enumerate(records):
        try:
            articles.append(record_article(f"request[{n}]", f"api-{uuid4().hex[:12]}", record,
                                           IngestOptions()))
        except InputError as exc:
            problems.append({"input": exc.where, "reason": exc.reason})
    plans = store.plan(articles, analyse=True)
    to_analyse = [p.article for p in plans if p.needs_analysis]
    store.write(plans, list(analyze(to_analyse)) if to_analyse else [])
    update_stories(store)
    return {"stored": [{"id": p.article.id, "status": p.status} for p in plans],
            "problems": problems}
