"""The one write endpoint, mounted only when the server is started with a token.

The token is checked before a byte of the body is read, and the body is read only up to
MAX_BODY bytes: an unauthorised or oversized request costs the server nothing."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from ..errors import InputError
from ..ingest import IngestOptions
from ..ingest.readers import record_article
from .api import store_of

router = APIRouter(tags=["write"])
MAX_ARTICLES = 100
MAX_BODY = 16 * 2**20  # bytes of one request's JSON
RECORDS = {
    "required": True,
    "content": {"application/json": {"schema": {
        "type": "array", "maxItems": MAX_ARTICLES, "items": {"type": "object"},
        "description": "article records as CONTRACT.md's input JSON: text, title, source, "
                       f"url, published, id (at most {MAX_ARTICLES}, "
                       f"{MAX_BODY // 2**20} MiB in all)"}}}}


@router.post("/articles", summary="Analyse and store articles (needs the server's token)",
             status_code=201, openapi_extra={"requestBody": RECORDS})
async def add_articles(request: Request) -> dict[str, Any]:
    from .app import token_matches

    if not token_matches(request.app.state.token, request.headers.get("authorization")):
        raise HTTPException(status_code=401, detail="a valid bearer token is needed to write",
                            headers={"WWW-Authenticate": "Bearer"})
    records = _records(await _body(request))
    return await run_in_threadpool(_store_records, request, records)


async def _body(request: Request) -> bytes:
    """The request's body, refused with 413 past MAX_BODY bytes (by its declared length
    before reading, or while reading when it declares none or lies)."""
    too_large = HTTPException(status_code=413, detail=f"the body is over {MAX_BODY:,} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _records(body: bytes) -> list[Any]:
    """The JSON list of article records in `body`, or 422 saying what is wrong with it."""
    try:
        records = json.loads(body)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise HTTPException(status_code=422, detail=f"the body is not JSON: {reason}") from None
    if not isinstance(records, list):
        raise HTTPException(status_code=422, detail="the body must be a JSON list of article "
                                                    "records")
    if len(records) > MAX_ARTICLES:
        raise HTTPException(status_code=413, detail=f"at most {MAX_ARTICLES} articles a request")
    return records


def _store_records(request: Request, records: list[Any]) -> dict[str, Any]:
    """Analyse, store and group `records`; those that cannot be read come back as problems."""
    from ..pipeline import analyze
    from ..stories.stored import update_stories

    store = store_of(request)
    articles, problems, failed = [], [], []
    for n, record in enumerate(records):
        notes: list[InputError] = []
        try:
            articles.append(record_article(f"request[{n}]", f"api-{uuid4().hex[:12]}", record,
                                           IngestOptions(), notes))
        except InputError as exc:
            problems.append({"input": exc.where, "reason": exc.reason})
        failed += notes
    plans = store.plan(articles, analyse=True)
    to_analyse = [p.article for p in plans if p.needs_analysis]
    # one article that cannot be analysed is that article's problem, not the request's
    results = list(analyze(to_analyse, on_problem=failed.append)) if to_analyse else []
    store.write(plans, results, failed)
    update_stories(store)
    problems += [{"input": p.where, "reason": p.reason, "kind": p.kind} for p in failed]
    return {"stored": [{"id": p.article.id, "status": p.status} for p in plans],
            "problems": problems}
