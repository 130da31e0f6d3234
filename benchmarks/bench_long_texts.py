"""Time and memory of the whole analysis on long synthetic articles, and how it grows.

    python -m benchmarks.bench_long_texts [--shared ../shared] [--sentences 10000]
                                          [--unpunctuated 1000000] [--ratio-sentences 2500]

Texts are built from the allsides-intl corpus (read from ../shared, never copied):
- `sentences N`: the corpus's sentences (split after ". ", kept when 30 to 120 characters),
  taken in corpus order and repeated until there are N, joined by spaces into ONE
  paragraph (the parser gets no line break to lean on);
- `unpunctuated C`: the corpus's words with every punctuation mark removed, joined by
  spaces into one run of C characters (one "sentence" to the parser).
Each case runs `pipeline.analyze` on one article in a fresh process and prints wall and
CPU seconds and the peak resident memory of that process (model included). The ratio line
compares N/4 sentences with N: with cost linear in length it is about 4.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
PUNCTUATION = re.compile(r"[^\w\s]+")


def corpus_texts(shared: Path, limit: int = 200) -> list[str]:
    folder = shared / "corpus/allsides-intl/jsons"
    texts = []
    for path in sorted(folder.glob("*.json"))[:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))
        texts.append(str(data.get("text") or data.get("content") or ""))
    return [t for t in texts if t]


def corpus_sentences(shared: Path) -> list[str]:
    out = []
    for text in corpus_texts(shared):
        for part in SENTENCE_END.split(" ".join(text.split())):
            if 30 <= len(part) <= 120:
                out.append(part)
    return out


def sentence_text(shared: Path, count: int) -> str:
    pool = corpus_sentences(shared)
    return " ".join(pool[i % len(pool)] for i in range(count))


def unpunctuated_text(shared: Path, chars: int) -> str:
    words = PUNCTUATION.sub(" ", " ".join(corpus_texts(shared))).split()
    parts, size, i = [], 0, 0
    while size < chars:
        word = words[i % len(words)]
        parts.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(parts)[:chars]


def measure(text: str) -> dict[str, float | int]:
    """Analyse `text` as one article here; seconds, peak MB, what came out."""
    from sitroom.nlp import load_nlp
    from sitroom.pipeline import analyze
    from sitroom.records import Article

    nlp = load_nlp()
    notes: list[str] = []
    started, cpu = time.perf_counter(), time.process_time()
    results = list(analyze([Article(id="long", text=text)], nlp,
                           on_problem=lambda p: notes.append(p.reason)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    analysis = results[0] if results else None
    return {"chars": len(text), "seconds": round(seconds, 1), "cpu": round(cpu, 1),
            "peak_mb": round(peak_mb),
            "sentences": len(analysis.sentences) if analysis else 0,
            "events": len(analysis.events) if analysis else 0,
            "notes": notes}  # type: ignore[dict-item]


def run_case(shared: Path, kind: str, size: int) -> dict[str, float | int]:
    """One case in a fresh interpreter, so that peak memory is the case's own."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_long_texts", "--shared", str(shared),
         "--one", kind, str(size)],
        capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--ratio-sentences", type=int, default=2_500,
                        help="the smaller size of the 4x ratio (default N/4 = 2,500)")
    parser.add_argument("--unpunctuated", type=int, default=1_000_000)
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    if args.one:
        kind, size = args.one[0], int(args.one[1])
        build = sentence_text if kind == "sentences" else unpunctuated_text
        print(json.dumps(measure(build(args.shared, size))))
        return 0
    small = run_case(args.shared, "sentences", args.ratio_sentences)
    large = run_case(args.shared, "sentences", args.sentences)
    flat = run_case(args.shared, "unpunctuated", args.unpunctuated)
    for label, row in ((f"{args.ratio_sentences:,} sentences", small),
                       (f"{args.sentences:,} sentences", large),
                       (f"{args.unpunctuated:,} chars unpunctuated", flat)):
        print(f"{label:>32}: {row['chars']:>9,} chars  {row['seconds']:>6} s "
              f"({row['cpu']:>5} s CPU)  {row['peak_mb']:>5} MB peak  "
              f"{row['sentences']:>6} sentences  {row['events']:>5} events  "
              f"notes: {row['notes'] or '-'}")
    ratio = float(large["seconds"]) / max(float(small["seconds"]), 0.1)
    cpu_ratio = float(large["cpu"]) / max(float(small["cpu"]), 0.1)
    size_ratio = int(large["chars"]) / max(int(small["chars"]), 1)
    print(f"time ratio for {size_ratio:.2f}x the text: {ratio:.2f}x wall, "
          f"{cpu_ratio:.2f}x CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
