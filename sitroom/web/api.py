"""The REST API under /api: JSON, paged listings (`limit`, `offset`, `total`), filters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from ..errors import NotFound
from ..store import Store

router = APIRouter(tags=["read"])

Limit = Annotated[int, Query(ge=0, le=500, description="page size (at most 500)")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                  description="YYYY-MM-DD (or YYYY-MM, YYYY)")]


MinConfidence = Annotated[float | None, Query(
    ge=0, le=1, description="events at or above this confidence (default: the server's, "
                            "0.7 unless `sitroom serve --min-confidence` says otherwise; "
                            "0 shows every stored event)")]


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def shown(request: Request, asked: float | None = None) -> float:
    """The confidence an event needs to be shown: the request's, else the server's."""
    if asked is not None:
        return asked
    return request.app.state.min_confidence  # type: ignore[no-any-return]


def story_brief(request: Request, story_id: str, full: bool = False) -> dict[str, Any]:
    """The brief of a stored story (short, or the long form with `full`), built once per
    state of the story."""
    from ..stories.stored import stored_brief

    store = store_of(request)
    row = store.find_stories(story=story_id)
    if not row["items"]:
        raise NotFound(f"no story {story_id!r} in this database")
    key = (story_id, row["items"][0]["size"], str(row["items"][0]["updated_at"]), full,
           shown(request))
    cache: dict[Any, dict[str, Any]] = request.app.state.briefs
    if key not in cache:
        if len(cache) > 256:
            cache.clear()
        cache[key] = stored_brief(store, story_id, shown(request), full)
    return cache[key]


@router.get("/articles", summary="Articles (metadata, newest first)")
def list_articles(request: Request, outlet: str | None = None, since: Day = None,
                  until: Day = None, actor: str | None = None, story: str | None = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_articles(outlet=outlet, since=since, until=until,
                                           actor=actor, story=story, limit=limit,
                                           offset=offset)


@router.get("/articles/{article_id}", summary="One article: text, metadata and its analysis")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    store = store_of(request)
    info = store.article_info(article_id)
    try:
        analysis = store.analysis(info["id"]).to_dict()
    except NotFound:
        analysis = None
    story = store.story_of([info["id"]]).get(info["id"])
    return {**info, "story": story, "analysis": analysis}


@router.get("/stories", summary="Stories, latest first, with sources counts")
def list_stories(request: Request, q: str | None = None, since: Day = None, until: Day = None,
                 actor: str | None = None, outlet: str | None = None, limit: Limit = 50,
                 offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_stories(query=q, since=since, until=until, actor=actor,
                                          outlet=outlet, limit=limit, offset=offset)


@router.get("/stories/{story_id}", summary="One story and its articles")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    store = store_of(request)
    found = store.find_stories(story=story_id)
    if not found["items"]:
        raise NotFound(f"no story {story_id!r} in this database")
    return {**found["items"][0],
            "articles": store.find_articles(story=story_id, limit=None)["items"]}


@router.get("/stories/{story_id}/brief", summary="The cited brief of a story",
            response_model=None)
def get_brief(request: Request, story_id: str,
              format: Annotated[str, Query(pattern="^(json|md|html)$")] = "json",  # noqa: A002
              full: Annotated[bool, Query(description="the long form: every section whole")
                              ] = False,
              ) -> Any:
    from ..stories.render import to_html, to_markdown

    brief = story_brief(request, story_id, full)
    if format == "md":
        return PlainTextResponse(to_markdown(brief), media_type="text/markdown")
    if format == "html":
        return HTMLResponse(to_html(brief))
    return brief


ByCountry = Annotated[bool, Query(description="fold actors into their countries")]


@router.get("/stories/{story_id}/graph", summary="Actor graph of a story")
def story_graph(request: Request, story_id: str, by_country: ByCountry = False,
                min_confidence: MinConfidence = None) -> dict[str, Any]:
    return store_of(request).actor_graph(story=story_id, by_country=by_country,
                                         min_confidence=shown(request, min_confidence))


@router.get("/stories/{story_id}/timeline", summary="Dated events of a story, oldest first")
def story_timeline(request: Request, story_id: str, min_confidence: MinConfidence = None
                   ) -> list[dict[str, Any]]:
    return [e for e in store_of(request).iter_events(
        story=story_id, min_confidence=shown(request, min_confidence)) if e["date"]]


@router.get("/actors", summary="Actors, most written about first")
def list_actors(request: Request, q: str | None = None, type: str | None = None,  # noqa: A002
                country: str | None = None, limit: Limit = 50,
                offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_actors(query=q, type=type, country=country, limit=limit,
                                         offset=offset)


@router.get("/actors/{actor_id}", summary="One actor with counts")
def get_actor(request: Request, actor_id: str, min_confidence: MinConfidence = None
              ) -> dict[str, Any]:
    return store_of(request).actor(actor_id, shown(request, min_confidence))


@router.get("/actors/{actor_id}/trend", summary="Events and mean Goldstein value per period")
def actor_trend(request: Request, actor_id: str,
                by: Annotated[str, Query(pattern="^(day|month)$")] = "day",
                min_confidence: MinConfidence = None) -> list[dict[str, Any]]:
    store = store_of(request)
    store.actor(actor_id)
    return store.actor_trend(actor_id, by=by, min_confidence=shown(request, min_confidence))


@router.get("/events", summary="Events with filters")
def list_events(request: Request, actor: str | None = None, source: str | None = None,
                target: str | None = None,
                code: Annotated[str | None, Query(pattern=r"^\d{2,4}$",
                                                  description="CAMEO code or prefix")] = None,
                plover: str | None = None, modality: str | None = None, since: Day = None,
                until: Day = None, outlet: str | None = None, story: str | None = None,
                article: str | None = None, limit: Limit = 50,
                offset: Offset = 0, min_confidence: MinConfidence = None) -> dict[str, Any]:
    return store_of(request).find_events(
        actor=actor, source=source, target=target, code=code, plover=plover,
        modality=modality, since=since, until=until, outlet=outlet, story=story,
        article=article, limit=limit, offset=offset,
        min_confidence=shown(request, min_confidence))


@router.get("/graph", summary="Actor graph over events matching the filters")
def graph(request: Request, actor: str | None = None, code: str | None = None,
          plover: str | None = None, since: Day = None, until: Day = None,
          outlet: str | None = None, story: str | None = None,
          by_country: ByCountry = False, min_confidence: MinConfidence = None
          ) -> dict[str, Any]:
    return store_of(request).actor_graph(actor=actor, code=code, plover=plover, since=since,
                                         until=until, outlet=outlet, story=story,
                                         by_country=by_country,
                                         min_confidence=shown(request, min_confidence))


@router.get("/quotes", summary="Quotes with filters")
def list_quotes(request: Request, speaker: str | None = None, actor: str | None = None,
                kind: str | None = None, since: Day = None, until: Day = None,
                outlet: str | None = None, story: str | None = None,
                article: str | None = None, limit: Limit = 50,
                offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_quotes(
        speaker=speaker, actor=actor, kind=kind, since=since, until=until, outlet=outlet,
        story=story, article=article, limit=limit, offset=offset)


@router.get("/claims", summary="Claims with filters")
def list_claims(request: Request, kind: str | None = None,
                certainty: Annotated[str | None, Query(
                    pattern="^(certain|probable|possible|doubtful)$")] = None,
                actor: str | None = None, since: Day = None, until: Day = None,
                outlet: str | None = None, story: str | None = None,
                article: str | None = None, limit: Limit = 50,
                offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_claims(
        kind=kind, certainty=certainty, actor=actor, since=since, until=until,
        outlet=outlet, story=story, article=article, limit=limit, offset=offset)


@router.get("/search", summary="Full-text search over articles, claims and quotes")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=400)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    store = store_of(request)
    return {"query": q, "articles": store.search(q, limit=limit),
            "findings": store.search_findings(q, limit=limit)}
