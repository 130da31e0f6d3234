"""Run the sitroom command line and, at exit, write the process's peak memory (MB) to the
file named by SITROOM_PEAK_FILE (benchmarks/bad_inputs.py reads it per case)."""

from __future__ import annotations

import atexit
import os
import resource
import sys


def _write_peak() -> None:
    path = os.environ.get("SITROOM_PEAK_FILE")
    if path:
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        with open(path, "w", encoding="utf-8") as out:
            out.write(f"{peak / 1024:.0f}\n")  # kilobytes on Linux


if __name__ == "__main__":
    atexit.register(_write_peak)
    from sitroom.cli import main

    sys.exit(main())
