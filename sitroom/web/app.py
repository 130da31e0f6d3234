"""The FastAPI application: security headers, the API router, the page router."""

from __future__ import annotations

import hmac
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import NotFound, SitroomError
from ..records import SHOWN_CONFIDENCE
from ..store import Store

HERE = Path(__file__).parent
# Article text, titles and outlet names are untrusted: no inline script or style runs, no
# other origin is reached, and the pages cannot be framed.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def create_app(db: str | Store = "sitroom.db", *, token: str | None = None,
               min_confidence: float = SHOWN_CONFIDENCE) -> FastAPI:
    """The app over `db` (a path, URL or open Store). Read-only unless `token` is given:
    then `POST /api/articles` analyses and stores articles for requests that carry it as
    `Authorization: Bearer <token>`. Pages, briefs and the API show events at or above
    `min_confidence` (a request may ask for another threshold)."""
    from .alerts import api_router as alerts_api_router
    from .alerts import page_router as alerts_page_router
    from .api import router as api_router
    from .geo import api_router as geo_api_router
    from .geo import page_router as geo_page_router
    from .pages import router as page_router

    store = db if isinstance(db, Store) else Store(db)
    app = FastAPI(title="sitroom", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Read-only access to a sitroom database: articles, stories, "
                              "actors, events, quotes, claims, search and briefs.")
    app.state.store = store
    app.state.token = token
    app.state.min_confidence = min_confidence
    app.state.briefs = {}
    app.state.building = threading.Lock()

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        from .pages import render

        return render(request, "error.html", {"message": str(exc)}, status_code=404)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        """422 naming each parameter out of its range: JSON under /api, a page elsewhere."""
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        from .pages import render

        return render(request, "error.html", {"heading": "Not understood", "message": "; ".join(
            f"{'.'.join(str(p) for p in error['loc'][1:])}: {error['msg']}"
            for error in exc.errors())}, status_code=422)

    @app.exception_handler(SitroomError)
    async def sitroom_error(request: Request, exc: SitroomError) -> Any:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    app.include_router(api_router, prefix="/api")
    app.include_router(alerts_api_router, prefix="/api")
    app.include_router(geo_api_router, prefix="/api")
    if token:
        from .write import router as write_router

        app.include_router(write_router, prefix="/api")
    app.include_router(page_router)
    app.include_router(alerts_page_router)
    app.include_router(geo_page_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def warm_up() -> threading.Thread:
    """Load, in a background thread, what the first brief would otherwise load while its
    reader waits (over a second): the actor dictionary, tokenized by spaCy, that a brief's
    figures compare names with. `sitroom serve` starts it; the server answers meanwhile."""
    def load() -> None:
        from ..actors.gazetteer import load as gazetteer

        gazetteer()

    thread = threading.Thread(target=load, name="sitroom-warm-up", daemon=True)
    thread.start()
    return thread


def token_matches(expected: str | None, header: str | None) -> bool:
    """Constant-time check of an `Authorization: Bearer …` header."""
    if not expected or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer "):].encode(), expected.encode())
