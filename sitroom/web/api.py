"""The REST API under /api: JSON, paged listings (`limit`, `offset`, `total`), filters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from ..errors import NotFound
from ..records import CERTAINTIES, SHOWN_QUOTE_CONFIDENCE
from ..store import Store
from ..store.findings import MAX_OFFSET, MAX_PAGE, MAX_QUERY

router = APIRouter(tags=["read"])

# Every parameter has a range or a length: what is past it is answered 422, naming it.
MAX_NAME = 1000  # characters of an id, a name, an outlet or a kind
GRAPH_PAGE = 100  # edges of a graph answered unless `limit` asks for others

Limit = Annotated[int, Query(ge=0, le=MAX_PAGE, description=f"page size (at most {MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET,
                              description=f"items to skip (at most {MAX_OFFSET:,})")]
# empty is no filter: what a page's form sends for a field left blank
Day = Annotated[str | None, Query(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
                                  description="YYYY-MM-DD (or YYYY-MM, YYYY)")]
Name = Annotated[str | None, Query(max_length=MAX_NAME,
                                   description=f"an id or name (at most {MAX_NAME} characters)")]
Words = Annotated[str | None, Query(max_length=MAX_QUERY, description=(
    f"words or \"quoted phrases\" (at most {MAX_QUERY} characters)"))]
Code = Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code or prefix")]
Country = Annotated[str | None, Query(
    pattern=r"^([A-Za-z]{3})?$",
    description="ISO alpha-3 code of the country where the events happened (their place)")]
# ids are whole path tails: an id with "/" in it is reached as it is, or with %2F
ArticleId = Annotated[str, Path(min_length=1, max_length=MAX_NAME)]
StoryId = Annotated[str, Path(min_length=1, max_length=MAX_NAME)]
ActorId = Annotated[str, Path(min_length=1, max_length=MAX_NAME)]


MinConfidence = Annotated[float | None, Query(
    ge=0, le=1, allow_inf_nan=False,
    description="events at or above this confidence (default: the server's, "
                "0.7 unless `sitroom serve --min-confidence` says otherwise; "
                "0 shows every stored event)")]


QuoteConfidence = Annotated[float, Query(
    ge=0, le=1, allow_inf_nan=False,
    description=f"quotes at or above this confidence (default {SHOWN_QUOTE_CONFIDENCE}; "
                "0 lists every stored quote)")]


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def shown(request: Request, asked: float | None = None) -> float:
    """The confidence an event needs to be shown: the request's, else the server's."""
    if asked is not None:
        return asked
    return request.app.state.min_confidence  # type: ignore[no-any-return]


def known_story(request: Request, story_id: str) -> dict[str, Any]:
    """The stored story `story_id` (its listing row), or NotFound (404)."""
    found = store_of(request).find_stories(story=story_id)
    if not found["items"]:
        raise NotFound(f"no story {story_id!r} in this database")
    return found["items"][0]  # type: ignore[no-any-return]


def story_brief(request: Request, story_id: str, full: bool = False) -> dict[str, Any]:
    """The brief of a stored story (short, or the long form with `full`), built once per
    state of the story, both forms from one build. One brief is built at a time
    (`app.state.building`): a brief is the heaviest thing the server computes, so requests
    that want one queue for it while the rest of the server goes on answering, and a brief
    asked for by several requests at once is built once."""
    from ..stories.stored import stored_brief_forms

    store = store_of(request)
    row = known_story(request, story_id)
    key = (story_id, row["size"], str(row["updated_at"]), full, shown(request))
    cache: dict[Any, dict[str, Any]] = request.app.state.briefs
    found = cache.get(key)
    if found is not None:
        return found
    with request.app.state.building:
        if key not in cache:
            if len(cache) > 256:
                cache.clear()
            # both forms come from one build: the other is cached for the next request
            for form, brief in stored_brief_forms(store, story_id, shown(request)).items():
                cache[(*key[:3], form, key[4])] = brief
        return cache[key]


@router.get("/articles", summary="Articles (metadata, newest first)")
def list_articles(request: Request, outlet: Name = None, since: Day = None,
                  until: Day = None, actor: Name = None, story: Name = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_articles(outlet=outlet, since=since, until=until,
                                           actor=actor, story=story, limit=limit,
                                           offset=offset)


@router.get("/articles/{article_id:path}",
            summary="One article: text, metadata and its analysis")
def get_article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    store = store_of(request)
    info = store.article_info(article_id)
    try:
        analysis = store.analysis(info["id"]).to_dict()
    except NotFound:
        analysis = None
    story = store.story_of([info["id"]]).get(info["id"])
    return {**info, "story": story, "analysis": analysis}


@router.get("/stories", summary="Stories, latest first, with sources counts")
def list_stories(request: Request, q: Words = None, since: Day = None, until: Day = None,
                 actor: Name = None, outlet: Name = None, limit: Limit = 50,
                 offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_stories(query=q, since=since, until=until, actor=actor,
                                          outlet=outlet, limit=limit, offset=offset)


# the routes below a story come before the story's own: its id may hold "/"
@router.get("/stories/{story_id:path}/brief", summary="The cited brief of a story",
            response_model=None)
def get_brief(request: Request, story_id: StoryId,
              format: Annotated[str, Query(pattern="^(json|md|html)$")] = "json",  # noqa: A002
              full: Annotated[bool, Query(description="the long form: every section whole")
                              ] = False,
              ) -> Any:
    from ..stories.render import to_html, to_markdown

    brief = story_brief(request, story_id, full)
    if format == "md":
        return PlainTextResponse(to_markdown(brief), media_type="text/markdown")
    if format == "html":
        # the app's policy allows no inline style: the brief's stylesheet is ours
        return HTMLResponse(to_html(brief, stylesheet=str(
            request.url_for("static", path="brief.css").path)))
    return brief


ByCountry = Annotated[bool, Query(description="fold actors into their countries")]
EdgeLimit = Annotated[int, Query(
    ge=0, le=MAX_PAGE, description=f"edges, heaviest first (default {GRAPH_PAGE}, "
                                   f"at most {MAX_PAGE})")]


@router.get("/stories/{story_id:path}/graph",
            summary="Actor graph of a story: a page of its heaviest edges")
def story_graph(request: Request, story_id: StoryId, by_country: ByCountry = False,
                min_confidence: MinConfidence = None, limit: EdgeLimit = GRAPH_PAGE,
                offset: Offset = 0) -> dict[str, Any]:
    known_story(request, story_id)
    return store_of(request).actor_graph(story=story_id, by_country=by_country,
                                         min_confidence=shown(request, min_confidence),
                                         limit=limit, offset=offset)


@router.get("/stories/{story_id:path}/timeline",
            summary="Dated events of a story, oldest first")
def story_timeline(request: Request, story_id: StoryId, min_confidence: MinConfidence = None
                   ) -> list[dict[str, Any]]:
    known_story(request, story_id)
    return [e for e in store_of(request).iter_events(
        story=story_id, min_confidence=shown(request, min_confidence)) if e["date"]]


@router.get("/stories/{story_id:path}", summary="One story and its articles")
def get_story(request: Request, story_id: StoryId) -> dict[str, Any]:
    return {**known_story(request, story_id),
            "articles": store_of(request).find_articles(story=story_id, limit=None)["items"]}


@router.get("/actors", summary="Actors, most written about first")
def list_actors(request: Request, q: Words = None, type: Name = None,  # noqa: A002
                country: Name = None, limit: Limit = 50,
                offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_actors(query=q, type=type, country=country, limit=limit,
                                         offset=offset)


@router.get("/actors/{actor_id:path}/trend",
            summary="Events and mean Goldstein value per period")
def actor_trend(request: Request, actor_id: ActorId,
                by: Annotated[str, Query(pattern="^(day|month)$")] = "day",
                min_confidence: MinConfidence = None) -> list[dict[str, Any]]:
    store = store_of(request)
    store.actor(actor_id)
    return store.actor_trend(actor_id, by=by, min_confidence=shown(request, min_confidence))


@router.get("/actors/{actor_id:path}", summary="One actor with counts")
def get_actor(request: Request, actor_id: ActorId, min_confidence: MinConfidence = None
              ) -> dict[str, Any]:
    return store_of(request).actor(actor_id, shown(request, min_confidence))


@router.get("/events", summary="Events with filters")
def list_events(request: Request, actor: Name = None, source: Name = None,
                target: Name = None, code: Code = None, plover: Name = None,
                modality: Name = None, since: Day = None, until: Day = None,
                outlet: Name = None, story: Name = None, article: Name = None,
                country: Country = None, limit: Limit = 50, offset: Offset = 0,
                min_confidence: MinConfidence = None) -> dict[str, Any]:
    return store_of(request).find_events(
        actor=actor, source=source, target=target, code=code, plover=plover,
        modality=modality, since=since, until=until, outlet=outlet, story=story,
        article=article, country=country, limit=limit, offset=offset,
        min_confidence=shown(request, min_confidence))


@router.get("/graph", summary="Actor graph over events matching the filters: a page of its "
                              "heaviest edges")
def graph(request: Request, actor: Name = None, code: Code = None, plover: Name = None,
          since: Day = None, until: Day = None, outlet: Name = None, story: Name = None,
          by_country: ByCountry = False, min_confidence: MinConfidence = None,
          limit: EdgeLimit = GRAPH_PAGE, offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).actor_graph(actor=actor, code=code, plover=plover, since=since,
                                         until=until, outlet=outlet, story=story,
                                         by_country=by_country,
                                         min_confidence=shown(request, min_confidence),
                                         limit=limit, offset=offset)


@router.get("/quotes", summary="Quotes with filters")
def list_quotes(request: Request, speaker: Name = None, actor: Name = None,
                kind: Name = None, since: Day = None, until: Day = None,
                outlet: Name = None, story: Name = None, article: Name = None,
                limit: Limit = 50, offset: Offset = 0,
                min_confidence: QuoteConfidence = SHOWN_QUOTE_CONFIDENCE) -> dict[str, Any]:
    return store_of(request).find_quotes(
        speaker=speaker, actor=actor, kind=kind, since=since, until=until, outlet=outlet,
        story=story, article=article, limit=limit, offset=offset,
        min_confidence=min_confidence)


@router.get("/claims", summary="Claims with filters")
def list_claims(request: Request, kind: Name = None,
                certainty: Annotated[str | None, Query(
                    pattern=f"^({'|'.join(CERTAINTIES)})$")] = None,
                actor: Name = None, since: Day = None, until: Day = None,
                outlet: Name = None, story: Name = None, article: Name = None,
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return store_of(request).find_claims(
        kind=kind, certainty=certainty, actor=actor, since=since, until=until,
        outlet=outlet, story=story, article=article, limit=limit, offset=offset)


@router.get("/search", summary="Full-text search over articles, claims, quotes and actors")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    return {"query": q, **search_all(store_of(request), q, limit, limit, limit)}


def search_all(store: Any, query: str, articles: int, findings: int,
               actors: int) -> dict[str, list[dict[str, Any]]]:
    """A word search's articles, findings (quotes and claims) and actors, up to the given
    numbers of each, the three searches run side by side, each on its own connection (on
    PostgreSQL the server works on them at once; each is a few index reads and a rank)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="sitroom-search") as pool:
        jobs = {"articles": pool.submit(store.search, query, limit=articles),
                "findings": pool.submit(store.search_findings, query, limit=findings),
                "actors": pool.submit(store.search_actors, query, limit=actors)}
        return {name: job.result() for name, job in jobs.items()}
