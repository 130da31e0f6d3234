"""The situation room: a read-only web app and REST API over a sitroom database.

    from sitroom.web import create_app
    app = create_app("sitroom.db")          # uvicorn.run(app) or `sitroom serve`

Pages are rendered on the server (Jinja2, autoescaped); the one script, `static/sitroom.js`,
is ours and is served from the package, so nothing is loaded from elsewhere at run time.
"""

from .app import create_app

__all__ = ["create_app"]
