"""How far a run over many inputs has come: articles per second and the time left.

`batch.run` reports a `Tally` after each input and each stored batch; a `Meter` turns tallies
into a `Reading` (rate, ETA) against a clock, and `describe` words it. The command line shows
the words beside a progress bar on a terminal, or as a plain line now and then otherwise.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

PLAIN_EVERY = 15.0  # seconds between plain progress lines (stderr not a terminal)


@dataclass(frozen=True)
class Tally:
    """A run so far: inputs read of all, articles read, articles done (stored, with their
    analysis when analysing)."""
    inputs_done: int
    inputs_total: int
    articles_read: int
    articles_done: int


@dataclass(frozen=True)
class Reading:
    tally: Tally
    elapsed: float  # seconds
    rate: float | None  # articles done per second
    eta: float | None  # seconds left; None when no input is read yet or nothing is done

    @property
    def articles_expected(self) -> int | None:
        """Articles the whole run will hold, reckoned from the inputs read so far."""
        t = self.tally
        if not t.inputs_done or not t.inputs_total:
            return None
        if t.inputs_done >= t.inputs_total:
            return t.articles_read
        return max(t.articles_read, round(t.articles_read * t.inputs_total / t.inputs_done))


def reading(tally: Tally, elapsed: float, rate: float | None = None) -> Reading:
    """Where the run is after `elapsed` seconds: `rate` (articles done per second; by
    default the mean since the start) and the time the articles still expected take at it."""
    if rate is None and elapsed > 0 and tally.articles_done:
        rate = tally.articles_done / elapsed
    partial = Reading(tally, elapsed, rate, None)
    expected = partial.articles_expected
    if not rate or expected is None:
        return partial
    return Reading(tally, elapsed, rate, max(0, expected - tally.articles_done) / rate)


def duration(seconds: float) -> str:
    """`1h02m`, `4m05s`, `42s`."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def speed(now: Reading) -> str:
    """`12.3 articles/s · ETA 4m05s` (`ETA ?` while it cannot be reckoned)."""
    rate = f"{now.rate:.1f} articles/s" if now.rate is not None else "– articles/s"
    return f"{rate} · ETA {duration(now.eta) if now.eta is not None else '?'}"


def counts(now: Reading) -> str:
    """`32/41 articles (31/40 inputs)`; `32 articles` while no input is read whole."""
    t, expected = now.tally, now.articles_expected
    done = f"{t.articles_done}/{expected}" if expected is not None else f"{t.articles_done}"
    return f"{done} articles ({t.inputs_done}/{t.inputs_total} inputs)"


def describe(label: str, now: Reading) -> str:
    """One plain line: `analyze: 32/41 articles (31/40 inputs), 1.8 articles/s · ETA 5s`."""
    return f"{label}: {counts(now)}, {speed(now)}"


class Meter:
    """Tallies against a clock: `meter(tally)` gives the reading now. The rate is taken from
    the first tally with articles done on (the steady pace, without the start-up: loading
    the language model, the first batch), and from the start until there is such a span."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()
        self.first: tuple[float, int] | None = None  # (time, articles done) when first done

    def __call__(self, tally: Tally) -> Reading:
        now = self.clock()
        if self.first is None and tally.articles_done:
            self.first = (now, tally.articles_done)
        rate = None
        if self.first and tally.articles_done > self.first[1] and now > self.first[0]:
            rate = (tally.articles_done - self.first[1]) / (now - self.first[0])
        return reading(tally, now - self.started, rate)


class PlainLines:
    """A progress line every `every` seconds (none before the first period ends), for
    stderr that is not a terminal."""

    def __init__(self, label: str, write: Callable[[str], None], *,
                 every: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.write = label, write
        self.every = PLAIN_EVERY if every is None else every
        self.meter = Meter(clock)
        self.next_at = self.meter.started + self.every

    def __call__(self, tally: Tally) -> None:
        now = self.meter.clock()
        if now >= self.next_at:
            self.write(describe(self.label, self.meter(tally)))
            self.next_at = now + self.every
