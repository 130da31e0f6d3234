"""The alerts `sitroom watch` raised: the `/alerts` page and `GET /api/alerts`, newest first,
optionally of one kind. Read from the store (`store/alerts.py`); nothing here writes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..store.alerts import stored_alerts
from .api import store_of

KINDS = ("new_story", "new_source", "disagreement", "watched_actor", "watched_place")
Kind = Annotated[str | None, Query(pattern="^(" + "|".join(KINDS) + ")$",
                                   description="only alerts of this kind")]
Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many alerts")]

api_router = APIRouter()
page_router = APIRouter(include_in_schema=False)


def _alerts(request: Request, kind: str | None, limit: int) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k != "key"}
            for item in stored_alerts(store_of(request), limit=limit, kind=kind)]


@api_router.get("/alerts", summary="Alerts raised by `sitroom watch`, newest first")
def alerts_api(request: Request, kind: Kind = None, limit: Limit = 200) -> dict[str, Any]:
    return {"items": _alerts(request, kind, limit), "kind": kind}


@page_router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, kind: Kind = None, limit: Limit = 200) -> HTMLResponse:
    from .pages import render

    return render(request, "alerts.html", {"alerts": _alerts(request, kind, limit),
                                           "kind": kind or "", "kinds": KINDS})
