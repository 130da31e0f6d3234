"""The `sitroom` command: a thin layer over the library (`batch`, `pipeline`, `store`)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import InputError, SitroomError, printable
from .ingest import FORMATS, IngestOptions
from .progress import Meter, PlainLines, Tally, counts, speed
from .records import SHOWN_CONFIDENCE, Article
from .stories.cluster import SPAN_DAYS

app = typer.Typer(
    name="sitroom",
    help="Turn a pile of news articles into an evidence-linked situation model.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DEFAULT_DB = "sitroom.db"
DEMO_DB = "sitroom-demo.db"

# -- shared options --------------------------------------------------------------------------

Paths = Annotated[list[str], typer.Argument(
    help="Files, directories (read recursively), '-' for stdin, or http(s) URLs "
         "(with --allow-network).", show_default=False)]
Db = Annotated[str, typer.Option(
    "--db", envvar="SITROOM_DB",
    help="SQLite file path, or a database URL such as postgresql+psycopg://user@host/db.")]
InputFormat = Annotated[str, typer.Option(
    "--input-format", help=f"How to read inputs: {'|'.join(FORMATS)}. 'auto' goes by "
                           "extension and content.")]
OnePerLine = Annotated[bool, typer.Option(
    "--one-per-line", help="Treat each non-empty line of a .txt input as its own article, "
                           "with id <file stem>:<line number>.")]
Published = Annotated[str | None, typer.Option(
    "--published", metavar="YYYY-MM-DD",
    help="Publication date for inputs that do not carry one.")]
AllowNetwork = Annotated[bool, typer.Option(
    "--allow-network", help="Allow http(s) URLs among the inputs (nothing else touches the "
                            "network).")]
AllowPrivate = Annotated[bool, typer.Option(
    "--allow-private", help="With --allow-network: also fetch hosts on loopback, private, "
                            "link-local or other non-global addresses (refused by default).")]
MaxMb = Annotated[float, typer.Option(
    "--max-mb", min=0.001, help="Refuse any single input larger than this many megabytes.")]
MinConfidence = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="Show events at or above this calibrated confidence; the rest stay in the store "
         "(0 shows every event).")]
AsJson = Annotated[bool, typer.Option("--json", help="Write JSON instead of a table.")]
Processes = Annotated[int, typer.Option(
    "--processes", min=0,
    help="Worker processes for the analysis (the parse and every stage); 0 picks the "
         "number of cores (at most 4).")]
Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", metavar="tcp://HOST:8786",
    help="Send the analysis to the workers of this Dask scheduler (pip install "
         "'sitroom[scale]'; docs/scale.md) instead of local processes.")]
Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress on stderr (a bar with articles/s and the time left on "
                          "a terminal, else a line every 15 s).")]


def _options(input_format: str, one_per_line: bool, published: str | None,
             allow_network: bool, max_mb: float, allow_private: bool = False) -> IngestOptions:
    if input_format not in FORMATS:
        raise typer.BadParameter(f"{input_format!r} is not one of {', '.join(FORMATS)}",
                                 param_hint="--input-format")
    if published is not None:
        from .ingest.normalize import normalize_date

        if normalize_date(published) is None:
            raise typer.BadParameter(f"{published!r} is not a date (YYYY-MM-DD)",
                                     param_hint="--published")
        published = normalize_date(published)
    return IngestOptions(input_format=input_format, one_per_line=one_per_line,
                         published=published, allow_network=allow_network,
                         allow_private=allow_private,
                         max_bytes=int(max_mb * 2**20))


def _error(message: object) -> None:
    """An error line on stderr; the message is shown as written (no rich markup in it)."""
    err.print("[red]error:[/] " + escape(str(message)))


def _report(problem: InputError) -> None:
    """One problem as one `path: reason` line, control characters in names escaped."""
    print(problem.line(), file=sys.stderr, flush=True)


@contextmanager
def _progress(label: str, quiet: bool = False) -> Iterator[Callable[[Tally], None] | None]:
    """Progress on stderr: a bar with articles/s and the time left on a terminal, else a
    plain line every PLAIN_EVERY seconds; nothing with `quiet`."""
    if quiet:
        yield None
        return
    if not err.is_terminal:
        yield PlainLines(label, lambda line: print(line, file=sys.stderr, flush=True))
        return
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"),
        TextColumn("{task.fields[speed]}"), TimeElapsedColumn(), console=err, transient=True)
    with progress:
        task = progress.add_task(label, total=None, counts="", speed="")
        meter = Meter()

        def update(tally: Tally) -> None:
            now = meter(tally)
            progress.update(task, completed=tally.articles_done, total=now.articles_expected,
                            counts=counts(now), speed=speed(now))

        yield update


def _open_store(db: str):  # type: ignore[no-untyped-def]
    from .store import Store

    try:
        return Store(db)
    except SitroomError as exc:
        _error(exc)
        raise typer.Exit(2) from exc


def _refuse_sqlite_on_a_cluster(db: str, scheduler: str | None) -> None:
    from .store.core import database_url

    if scheduler and database_url(db).startswith("sqlite"):
        _error(f"--scheduler with the SQLite database {db}: a run on a Dask cluster needs a "
               "PostgreSQL database (--db postgresql+psycopg://USER@HOST/DB). Start one with, "
               "e.g., `docker run -d -p 5432:5432 -e POSTGRES_USER=sitroom -e "
               "POSTGRES_PASSWORD=sitroom postgres:16`, then pass --db "
               "postgresql+psycopg://sitroom:sitroom@HOST/sitroom (docs/scale.md).")
        raise typer.Exit(2)


def _run_batch(paths: list[str], db: str, options: IngestOptions, analyse: bool,
               label: str, processes: int = 1, quiet: bool = False,
               scheduler: str | None = None) -> None:
    from .batch import default_processes, run

    _refuse_sqlite_on_a_cluster(db, scheduler)
    store = _open_store(db)
    try:
        with _progress(label, quiet) as update:
            summary = run(store, paths, options, analyse=analyse, on_problem=_report,
                          on_progress=update, processes=processes or default_processes(),
                          scheduler=scheduler)
    except SitroomError as exc:
        _error(exc)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    table = Table(title=f"sitroom {label} → {store.url}", show_header=False)
    for name, value in summary.rows():
        table.add_row(name, str(value))
    out.print(table)
    for line in summary.passed_over:
        err.print(f"note: {escape(printable(line))}")
    if summary.problems:
        reasons: dict[str, int] = {}
        for kind, _where, reason in summary.problems:
            key = f"{kind}: {reason.split(' (')[0]}"
            reasons[key] = reasons.get(key, 0) + 1
        for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
            err.print(f"  {count} × {escape(printable(reason))}")
    if summary.read == 0 and summary.skipped == 0:
        raise typer.Exit(1)


# -- commands --------------------------------------------------------------------------------

@app.command()
def ingest(
    paths: Paths,
    db: Db = DEFAULT_DB,
    input_format: InputFormat = "auto",
    one_per_line: OnePerLine = False,
    published: Published = None,
    allow_network: AllowNetwork = False,
    allow_private: AllowPrivate = False,
    max_mb: MaxMb = 32.0,
    quiet: Quiet = False,
) -> None:
    """Read articles and store them (text, metadata, duplicates) without analysing them."""
    options = _options(input_format, one_per_line, published, allow_network, max_mb,
                       allow_private)
    _run_batch(paths, db, options, analyse=False, label="ingest", quiet=quiet)


@app.command()
def analyze(
    paths: Paths,
    db: Db = DEFAULT_DB,
    input_format: InputFormat = "auto",
    one_per_line: OnePerLine = False,
    published: Published = None,
    allow_network: AllowNetwork = False,
    allow_private: AllowPrivate = False,
    max_mb: MaxMb = 32.0,
    processes: Processes = 0,
    scheduler: Scheduler = None,
    span_days: SpanDays = SPAN_DAYS,
    quiet: Quiet = False,
) -> None:
    """Read, analyse and store articles; articles stored and analysed before are left alone.
    New articles then join stored stories or start new ones."""
    options = _options(input_format, one_per_line, published, allow_network, max_mb,
                       allow_private)
    _run_batch(paths, db, options, analyse=True, label="analyze", processes=processes,
               quiet=quiet, scheduler=scheduler)
    moved = _update_stored_stories(db, span_days)
    out.print(f"stories: {moved} new or grown")


@app.command()
def extract(
    paths: Paths,
    output_format: Annotated[str, typer.Option(
        "--format", help="Output format; jsonl writes one JSON object per article.")] = "jsonl",
    input_format: InputFormat = "auto",
    one_per_line: OnePerLine = False,
    published: Published = None,
    allow_network: AllowNetwork = False,
    allow_private: AllowPrivate = False,
    max_mb: MaxMb = 32.0,
    processes: Annotated[int, typer.Option(
        "--processes", min=1,
        help="Worker processes for the analysis (output order and content are kept).")] = 1,
    scheduler: Scheduler = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Leave out events below this confidence (default 0: every event, each with "
             "its `confidence`).")] = 0.0,
) -> None:
    """Analyse articles and print one JSON object per article (CONTRACT.md); no database."""
    if output_format != "jsonl":
        raise typer.BadParameter(f"{output_format!r}: only jsonl is supported",
                                 param_hint="--format")
    from .engine import analyze_parallel
    from .ingest import read_inputs

    options = _options(input_format, one_per_line, published, allow_network, max_mb,
                       allow_private)

    def articles():  # type: ignore[no-untyped-def]
        for result in read_inputs(paths, options):
            if isinstance(result, InputError):
                _report(result)
            else:
                yield result

    written = 0
    try:
        for analysis in analyze_parallel(articles(), processes, scheduler, on_problem=_report):
            if min_confidence:
                analysis = replace(analysis, events=tuple(
                    e for e in analysis.events if (e.confidence or 0.0) >= min_confidence))
            sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
            written += 1
    except SitroomError as exc:
        _error(exc)
        raise typer.Exit(2) from exc
    sys.stdout.flush()
    if written == 0:
        raise typer.Exit(1)


OptionalPaths = Annotated[list[str] | None, typer.Argument(
    help="Files, directories, '-' for stdin, or URLs (with --allow-network); none with --db.",
    show_default=False)]
SpanDays = Annotated[int, typer.Option(
    "--span-days", min=1, help="A story stays open while it gets new articles within this "
    "many days (docs/stories.md); 1 keeps a story to about one day.")]
Embed = Annotated[bool, typer.Option(
    "--embed", help="Also compare articles by sentence embeddings (all-MiniLM-L6-v2, from "
    "the [embed] extra; input files only).")]
StoryDb = Annotated[str | None, typer.Option(
    "--db", envvar="SITROOM_DB",
    help="Work on the stories of this database instead of input files.")]


@app.command("cluster")
def cluster_stories(
    paths: OptionalPaths = None,
    db: StoryDb = None,
    span_days: SpanDays = SPAN_DAYS,
    embed: Embed = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="Output format; jsonl writes one JSON object per story.")] = "jsonl",
    input_format: InputFormat = "auto",
    one_per_line: OnePerLine = False,
    published: Published = None,
    allow_network: AllowNetwork = False,
    allow_private: AllowPrivate = False,
    max_mb: MaxMb = 32.0,
) -> None:
    """Group articles into stories and print one JSON object per story (CONTRACT.md)."""
    if output_format != "jsonl":
        raise typer.BadParameter(f"{output_format!r}: only jsonl is supported",
                                 param_hint="--format")
    from .stories import group_articles

    if db is not None:
        if paths:
            raise typer.BadParameter("give input files or --db, not both (store articles "
                                     "with `sitroom analyze` first)", param_hint="PATHS")
        _update_stored_stories(db, span_days)
        with _open_store(db) as store:
            for row in store.stories(limit=None):
                _write_story(row["id"], row["title"], row["articles"], row["first"],
                             row["last"])
        return
    if not paths:
        raise typer.BadParameter("give input files, or --db", param_hint="PATHS")
    articles = _read_articles(paths, _options(input_format, one_per_line, published,
                                              allow_network, max_mb, allow_private))
    by_id = {a.id: a for a in articles}
    try:
        grouped = group_articles(articles, span_days, embed=embed)
    except SitroomError as exc:
        _error(exc)
        raise typer.Exit(2) from exc
    for story, title in grouped:
        _write_story(story.id, title, story.members, story.first, story.last,
                     sorted({s for m in story.members if (s := by_id[m].source)}))
    sys.stdout.flush()


def _write_story(story: str, title: str | None, members: list[str], first: str | None,
                 last: str | None, sources: list[str] | None = None) -> None:
    """One `sitroom.stories/1` line (CONTRACT.md), with first/last dates and sources added."""
    line = {"schema": "sitroom.stories/1", "story": story, "title": title,
            "articles": members, "first": first, "last": last}
    if sources is not None:
        line["sources"] = sources
    sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


@app.command("brief")
def brief_stories(
    paths: OptionalPaths = None,
    db: StoryDb = None,
    span_days: SpanDays = SPAN_DAYS,
    embed: Embed = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="json (an array of briefs), md or html.")] = "json",
    story: Annotated[str | None, typer.Option(
        "--story", metavar="ID", help="Only the story with this id (see `sitroom cluster`).")
    ] = None,
    query: Annotated[str | None, typer.Option(
        "--query", metavar="WORDS",
        help='With --db: the story the best search hits for these words belong to.')] = None,
    input_format: InputFormat = "auto",
    one_per_line: OnePerLine = False,
    published: Published = None,
    allow_network: AllowNetwork = False,
    allow_private: AllowPrivate = False,
    max_mb: MaxMb = 32.0,
    processes: Annotated[int, typer.Option(
        "--processes", min=1,
        help="Worker processes for the analysis (the parse and every stage).")] = 1,
    scheduler: Scheduler = None,
    min_confidence: MinConfidence = SHOWN_CONFIDENCE,
    full: Annotated[bool, typer.Option(
        "--full", help="The long form: every section whole, no word budget (the default "
        "brief is short: about 300 words, every sentence once).")] = False,
) -> None:
    """Analyse articles, group them into stories and write each story's cited brief."""
    if output_format not in ("json", "md", "html"):
        raise typer.BadParameter(f"{output_format!r}: use json, md or html",
                                 param_hint="--format")
    from .engine import analyze_parallel
    from .stories.brief import briefs_for

    if db is not None:
        if paths or (story is None) == (query is None):
            raise typer.BadParameter("with --db, give --story ID (see `sitroom cluster --db`) "
                                     "or --query WORDS, and no input files",
                                     param_hint="--story")
        from .stories.stored import stored_brief, story_for_query

        _update_stored_stories(db, span_days)
        with _open_store(db) as store:
            if query is not None:
                story = story_for_query(store, query)
                if story is None:
                    _error(f"no stored story matches {query!r}")
                    raise typer.Exit(1)
            try:
                briefs = [stored_brief(store, story, min_confidence,  # type: ignore[arg-type]
                                       full)]
            except SitroomError as exc:
                _error(exc)
                raise typer.Exit(1) from exc
        _write_briefs(briefs, output_format)
        return
    if not paths:
        raise typer.BadParameter("give input files, or --db with --story", param_hint="PATHS")
    articles = _read_articles(paths, _options(input_format, one_per_line, published,
                                              allow_network, max_mb, allow_private))
    try:
        analyses = list(analyze_parallel(articles, processes, scheduler, on_problem=_report))
        briefs = briefs_for(analyses, story, span_days, embed=embed,
                            min_confidence=min_confidence, full=full)
    except SitroomError as exc:
        _error(exc)
        raise typer.Exit(2) from exc
    if story is not None and not briefs:
        _error(f"no story {story!r} among these inputs")
        raise typer.Exit(1)
    _write_briefs(briefs, output_format)


def _read_articles(paths: list[str], options: IngestOptions) -> list[Article]:
    """The readable articles of the inputs (problems reported as they come); exit 1 if none."""
    from .ingest import read_inputs

    articles = []
    for result in read_inputs(paths, options):
        if isinstance(result, InputError):
            _report(result)
        else:
            articles.append(result)
    if not articles:
        raise typer.Exit(1)
    return articles


def _write_briefs(briefs: list[dict], output_format: str) -> None:  # type: ignore[type-arg]
    from .stories.render import to_html, to_markdown

    if output_format == "json":
        sys.stdout.write(json.dumps(briefs, ensure_ascii=False, indent=1) + "\n")
    else:
        render = to_markdown if output_format == "md" else to_html
        sys.stdout.write("\n".join(render(b) for b in briefs))
    sys.stdout.flush()


def _update_stored_stories(db: str, span_days: int = SPAN_DAYS) -> int:
    """Put stored articles that are in no story yet into stories; how many stories moved."""
    from .stories.stored import update_stories

    with _open_store(db) as store:
        try:
            return len(update_stories(store, span_days=span_days))
        except SitroomError as exc:
            _error(exc)
            raise typer.Exit(2) from exc


@app.command("ls")
def list_articles(
    db: Db = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many articles to list.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    source: Annotated[str | None, typer.Option(
        "--source", help="Only articles from this outlet (exact name).")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="YYYY-MM-DD", help="Only articles published on or after.")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", metavar="YYYY-MM-DD", help="Only articles published on or before.")] = None,
    as_json: AsJson = False,
) -> None:
    """List stored articles, newest first."""
    with _open_store(db) as store:
        rows = store.articles(limit=limit, offset=offset, source=source, since=since, until=until)
        counts = store.counts()
        if as_json:
            for row in rows:
                row.pop("ingested_at", None)
                out.print_json(data={k: v for k, v in row.items() if k != "key"})
            return
        table = Table(title=f"{counts['articles']} articles from {counts['sources']} sources, "
                            f"{counts['analysed']} analysed, {counts['duplicates']} copies")
        for name in ("id", "published", "source", "title", "chars", "notes"):
            table.add_column(name, overflow="fold" if name in ("id", "title") else "ellipsis")
        for row in rows:
            notes = []
            if row["duplicate_of"]:
                notes.append(f"{row['duplicate_kind']} copy of {row['duplicate_of']}")
            if not row["analysed"]:
                notes.append("not analysed")
            table.add_row(row["id"], row["published"] or "", row["source"] or "",
                          row["title"] or "", str(row["chars"]), "; ".join(notes))
        out.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(
        metavar="ID", help="Article id, or a prefix of it that names one article.")],
    db: Db = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the stored analysis as one JSON object (the extract format).")
    ] = False,
    text: Annotated[bool, typer.Option(
        "--text/--no-text", help="Print the article text after what was found in it.")
    ] = True,
) -> None:
    """Show one stored article: metadata, copies, what the analysis found, and its text."""
    from .errors import NotFound

    with _open_store(db) as store:
        try:
            if as_json:
                sys.stdout.write(json.dumps(store.analysis(article_id).to_dict(),
                                            ensure_ascii=False) + "\n")
                return
            info = store.article_info(article_id)
        except NotFound as exc:
            _error(exc)
            raise typer.Exit(1) from exc
        table = Table(show_header=False, title=info["id"])
        for name in ("title", "source", "published", "author", "url", "origin", "language"):
            table.add_row(name, str(info[name] or ""))
        if info["duplicate_of"]:
            table.add_row("copy of", f"{info['duplicate_of']} ({info['duplicate_kind']})")
        for copy in info["copies"]:
            table.add_row("copied by", f"{copy['id']} ({copy['source']}, {copy['duplicate_kind']})")
        table.add_row("analysis", info["analysis_version"] and f"version {info['analysis_version']}"
                      or "not analysed")
        out.print(table)
        if info["analysis_version"]:
            _print_findings(store.analysis(info["id"]))
        if text:
            out.print(info["text"], markup=False, highlight=False)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _counts_text(event) -> str | None:  # type: ignore[no-untyped-def]
    """"12 killed, 30 injured": the counts of people on an event, or None."""
    counts = [(event.fatalities, "killed"), (event.injured, "injured"),
              (event.arrested, "arrested"), (event.displaced, "displaced")]
    return ", ".join(f"{n:,} {word}" for n, word in counts if n is not None) or None


def _print_findings(analysis) -> None:  # type: ignore[no-untyped-def]
    """Actors, events, quotes, claims and causal links of one analysis, with evidence."""
    names = {a.id: a.name for a in analysis.actors}
    actors = _table("actors", "id", "code", "type", "title / affiliation", "mentions")
    for actor in sorted(analysis.actors, key=lambda a: -len(a.mentions)):
        about = ", ".join(x for x in (actor.title, actor.affiliation) if x)
        actors.add_row(actor.id, actor.code or "", actor.type, about,
                       f"{len(actor.mentions)}: " + "; ".join(
                           dict.fromkeys(m.text for m in actor.mentions)))
    out.print(actors, markup=False)
    if analysis.events:
        events = _table("who did what to whom", "source", "event", "target", "modality",
                        "details", "trigger")
        for event in analysis.events:
            details = "; ".join(x for x in (
                event.quantity.text if event.quantity else None, _counts_text(event),
                f"in {event.location}" if event.location else None, event.date,
                f"per {names.get(event.attributed_to, event.attributed_to)}"
                if event.attributed_to else None) if x)
            events.add_row(
                names.get(event.source or "", event.source or "—"),
                f"{event.cameo} {event.name or ''} ({event.plover or 'no PLOVER'}, "
                f"{'no Goldstein' if event.goldstein is None else f'{event.goldstein:+.1f}'})",
                names.get(event.target or "", event.target or "—"), event.modality, details,
                event.trigger.text)
        out.print(events, markup=False)
    if analysis.quotes:
        quotes = _table("who says what", "kind", "speaker", "cue", "content")
        for quote in (q for q in analysis.quotes if q.leads()):  # a split quote once
            speaker = names.get(quote.speaker.actor or "", "") or (
                quote.speaker.span.text if quote.speaker.span else "")
            quotes.add_row(quote.kind, speaker, quote.cue.text if quote.cue else "",
                           quote.said())
        out.print(quotes, markup=False)
    if analysis.claims:
        claims = _table("claims", "kind", "certainty", "by", "hedges", "claim")
        for claim in analysis.claims:
            by = "author" if claim.attributed_to == "author" else names.get(
                claim.attributed_to, claim.attributed_to)
            claims.add_row(claim.kind, claim.certainty, by,
                           ", ".join(h.text or "" for h in claim.hedges), claim.span.text)
        out.print(claims, markup=False)
    if analysis.causal:
        links = _table("cause → effect", "relation", "signal", "cause", "effect")
        for link in analysis.causal:
            links.add_row(link.relation, link.signal.text if link.signal else "",
                          link.cause.text, link.effect.text)
        out.print(links, markup=False)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words to find; "quoted words" as a phrase.')],
    db: Db = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many results.")] = 20,
    as_json: AsJson = False,
) -> None:
    """Full-text search over stored articles (titles weigh more than bodies); known
    spellings of a word or name are searched alike (cease-fire, ceasefire; Kiev, Kyiv)."""
    with _open_store(db) as store:
        rows = store.search(query, limit=limit)
        if as_json:
            for row in rows:
                out.print_json(data=row)
            return
        if not rows:
            err.print(f"no article matches {query!r}")
            raise typer.Exit(1)
        table = Table(title=f"{len(rows)} result(s) for {query!r}")
        for name in ("id", "published", "source", "title", "snippet"):
            table.add_column(name, overflow="fold")
        for row in rows:
            source = ", ".join([row["source"] or ""] + [c["source"] or c["id"]
                                                        for c in row["copies"]])
            table.add_row(row["id"], row["published"] or "", source,
                          row["title"] or "", _marked(row["snippet"], row["marks"]))
        out.print(table, markup=False)


def _marked(snippet: str, marks: list[list[int]]) -> Text:
    """A search snippet with its matched words in bold (styled, never bracketed)."""
    shown = Text(snippet)
    for start, end in marks:
        shown.stylize("bold yellow", start, end)
    return shown


@app.command()
def problems(
    db: Db = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many to list.")] = 100,
) -> None:
    """List inputs that could not be read or were skipped, with the reason, newest first."""
    with _open_store(db) as store:
        table = Table(title="ingest problems")
        for name in ("kind", "code", "input", "reason", "seen"):
            table.add_column(name, overflow="fold")
        for row in store.problems(limit):
            table.add_row(row["kind"], row["code"], row["origin"], row["reason"],
                          f"{row['count']}×")
        out.print(table, markup=False)


def demo_corpus() -> Path:
    return Path(__file__).with_name("demo") / "corpus"


@app.command()
def demo(
    db: Db = DEMO_DB,
) -> None:
    """Analyse the bundled demo corpus into a database and show what it holds."""
    from .demo import describe

    options = IngestOptions()
    _run_batch([str(demo_corpus())], db, options, analyse=True, label="analyze")
    _update_stored_stories(db)
    store = _open_store(db)
    try:
        describe(store, out)
    finally:
        store.close()
    out.print(f"\nNext: sitroom serve --db {db} (then open http://127.0.0.1:8765/) · "
              f"sitroom search ceasefire --db {db} · sitroom show <id> --db {db}")


@app.command("watch")
def watch_feeds(
    sources: Annotated[list[str], typer.Argument(
        help="Feed or page URLs to poll (with --allow-network); files and folders are "
             "read again each round.", show_default=False)],
    db: Db = DEFAULT_DB,
    allow_network: AllowNetwork = False,
    allow_private: AllowPrivate = False,
    every: Annotated[str, typer.Option(
        "--every", help="Time from the start of one round to the next: 90s, 15m, 2h, 1d.")]
        = "15m",
    rounds: Annotated[int | None, typer.Option(
        "--rounds", min=1, help="Stop after this many rounds (default: until Ctrl-C).")] = None,
    alerts: Annotated[Path | None, typer.Option(
        "--alerts", help="Append each alert as a JSON line to this file (default: "
                         "standard output).")] = None,
    watch_actor: Annotated[list[str] | None, typer.Option(
        "--watch-actor", help="Alert on any event of this actor (an id such as RUSMIL, a "
                              "name, or a country code that also covers its actors: RUS). "
                              "Repeatable.")] = None,
    watch_place: Annotated[list[str] | None, typer.Option(
        "--watch-place", help="Alert on any event in this place (ISO alpha-3 code, country "
                              "or place name). Repeatable.")] = None,
    min_confidence: MinConfidence = SHOWN_CONFIDENCE,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Store the page each feed item links to (fetched under the "
                               "same guard) instead of the text the feed carries.")] = False,
    quiet_start: Annotated[bool, typer.Option(
        "--quiet-start", help="Let the first round store what the sources hold now without "
                              "alerting on it; alerts start with what arrives after.")]
        = False,
    max_mb: MaxMb = 32.0,
    span_days: SpanDays = SPAN_DAYS,
) -> None:
    """Poll feeds and URLs every --every, store new items as `analyze` does, update stories,
    and alert on new stories, stories that gain an outlet, new disagreements and events of
    watched actors or places (docs/watch.md). Ctrl-C (or SIGTERM) stops it; a new run
    resumes."""
    from .watch import WatchConfig, is_url, parse_every, stopping_on_sigterm, watch

    if any(is_url(s) for s in sources) and not allow_network:
        _error("URLs are polled only with --allow-network")
        raise typer.Exit(2)
    try:
        every_s = parse_every(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from exc
    options = _options("auto", False, None, allow_network, max_mb, allow_private)
    config = WatchConfig(tuple(sources), options, every_s, rounds, min_confidence,
                         tuple(watch_actor or ()), tuple(watch_place or ()), alerts, span_days,
                         follow_links, quiet_start)
    with _open_store(db) as store, stopping_on_sigterm():
        result = watch(store, config, on_problem=_report, on_round=_watch_round(alerts is None))
    if result.stopped:
        err.print(f"stopped in {escape(result.stopped)}; what was stored is kept, and the "
                  "next `sitroom watch` on this database resumes from there")


def _watch_round(to_stdout: bool):  # type: ignore[no-untyped-def]
    """Print each round's line on stderr, and its alerts on stdout unless --alerts."""
    def report(done) -> None:  # type: ignore[no-untyped-def]
        err.print(escape(done.line()))
        if to_stdout:
            for item in done.alerts:
                print(json.dumps(item, ensure_ascii=False), flush=True)

    return report


@app.command()
def serve(
    db: Db = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to "
                                           "this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    token: Annotated[str | None, typer.Option(
        envvar="SITROOM_TOKEN", help="Enable POST /api/articles for requests carrying "
                                     "`Authorization: Bearer <token>`. Without it the "
                                     "server is read-only.")] = None,
    min_confidence: MinConfidence = SHOWN_CONFIDENCE,
) -> None:
    """Serve the situation room: stories, actors, articles, search, and the REST API."""
    import uvicorn

    from .web import create_app
    from .web.app import warm_up

    store = _open_store(db)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]note:[/] listening on {host}: anyone who can reach this machine "
                  "can read the database")
    out.print(f"sitroom serving {store.url} on http://{host}:{port}/ "
              f"({'read-write with a token' if token else 'read-only'}); API docs at /api/docs")
    warm_up()
    uvicorn.run(create_app(store, token=token, min_confidence=min_confidence), host=host,
                port=port, log_level="warning")


export_app = typer.Typer(help="Write stored events, the actor graph or briefs to files.",
                         no_args_is_help=True)
app.add_typer(export_app, name="export")
Output = Annotated[Path | None, typer.Option("--output", "-o",
                                             help="File to write (default: standard output).")]


def _export_target(output: Path | None, binary: bool = False):  # type: ignore[no-untyped-def]
    if output is None:
        if binary:
            _error("this format is binary: name a file with --output")
            raise typer.Exit(2)
        return nullcontext(sys.stdout)
    return output.open("w", encoding="utf-8", newline="")


@export_app.command("events")
def export_events(
    db: Db = DEFAULT_DB,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="csv | jsonl | parquet | gdelt (GDELT 2.0 event table: 61 "
                               "tab-separated columns, no header) | acled (ACLED's columns, "
                               "CSV; only the kinds of event ACLED records)")] = "csv",
    output: Output = None,
    actor: Annotated[str | None, typer.Option(help="Only events with this actor id.")] = None,
    code: Annotated[str | None, typer.Option(help="Only this CAMEO code or prefix.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
    story: Annotated[str | None, typer.Option(help="Only this story's events.")] = None,
    min_confidence: MinConfidence = SHOWN_CONFIDENCE,
) -> None:
    """Export stored events (one row per event, with its evidence offsets)."""
    from .export import EVENT_FORMATS, write_events

    if output_format not in EVENT_FORMATS:
        _error(f"--format {output_format}: choose from {', '.join(EVENT_FORMATS)}")
        raise typer.Exit(2)
    store = _open_store(db)
    filters = {"actor": actor, "code": code, "since": since, "until": until, "story": story,
               "min_confidence": min_confidence}
    try:
        if output_format == "parquet":
            if output is None:
                _export_target(None, binary=True)
            count = write_events(store, "parquet", output, **filters)  # type: ignore[arg-type]
        else:
            with _export_target(output) as stream:
                count = write_events(store, output_format, stream, **filters)
    except SitroomError as exc:
        _error(exc)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    err.print(f"{count} events written" + (f" to {output}" if output else ""))


@export_app.command("graph")
def export_graph(
    db: Db = DEFAULT_DB,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="graphml | gexf (both open in Gephi) | json")] = "graphml",
    output: Output = None,
    story: Annotated[str | None, typer.Option(help="Only this story's events.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only events with this actor.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
    by_country: Annotated[bool, typer.Option(
        "--by-country", help="Fold each actor into its country (PRKMIL, PRKGOV → PRK).")
    ] = False,
    min_confidence: MinConfidence = SHOWN_CONFIDENCE,
) -> None:
    """Export the actor graph: actors as nodes, directed edges aggregated from events."""
    from .export import GRAPH_FORMATS, write_graph

    if output_format not in GRAPH_FORMATS:
        _error(f"--format {output_format}: choose from {', '.join(GRAPH_FORMATS)}")
        raise typer.Exit(2)
    store = _open_store(db)
    try:
        graph = store.actor_graph(story=story, actor=actor, since=since, until=until,
                                  by_country=by_country, min_confidence=min_confidence)
    finally:
        store.close()
    with _export_target(output) as stream:
        write_graph(graph, output_format, stream)
    err.print(f"{len(graph['nodes'])} actors, {len(graph['edges'])} relations written"
              + (f" to {output}" if output else ""))


@export_app.command("briefs")
def export_briefs(
    directory: Annotated[Path, typer.Argument(help="Folder to write one file per story in.")],
    db: Db = DEFAULT_DB,
    output_format: Annotated[str, typer.Option("--format", "-f", help="md | html")] = "md",
    story: Annotated[list[str] | None, typer.Option(help="Only these stories.")] = None,
    min_confidence: MinConfidence = SHOWN_CONFIDENCE,
    full: Annotated[bool, typer.Option(
        "--full", help="The long form of each brief (the default is the short one).")] = False,
) -> None:
    """Write the brief of every stored story (or of --story ones) as Markdown or HTML."""
    from .export import write_briefs

    if output_format not in ("md", "html"):
        _error(f"--format {output_format}: choose md or html")
        raise typer.Exit(2)
    store = _open_store(db)
    try:
        written = write_briefs(store, directory, output_format, story or None,
                               min_confidence, full)
    except SitroomError as exc:
        _error(exc)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    err.print(f"{len(written)} briefs written to {directory}")


def _version(value: bool) -> None:
    if value:
        out.print(f"sitroom {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn a pile of news articles into an evidence-linked situation model."""


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        app()
    except BrokenPipeError:  # `sitroom export events | head`: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
