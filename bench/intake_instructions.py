"""What one API intake costs in instructions, in process (issue 19): the machine-independent
twin of intake_cpu.py. Runs intake_cpu.py under valgrind's callgrind twice, with N and 3N
creations, and divides the difference by 2N, so that start-up and warm-up cancel out.

    DATABASE_URL=... .venv/bin/python bench/intake_instructions.py [--requests 50]

CPU time on this shared 2-core machine moves 10-25 % from hour to hour, more than most single
changes to intake are worth; an instruction count moves by less than 0.1 % from run to run, so
it can tell a 2 % change from none. It counts the application's side only (not PostgreSQL's),
and an instruction is not a fixed time: a change's effect on requests a second is still
measured with the server (bench/run.py, bench/capacity.py). Needs valgrind (Debian: `valgrind`);
takes a few minutes (callgrind runs Python about 50 times slower). Same database requirements
as intake_cpu.py.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def instructions(requests: int, workdir: str) -> int:
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={workdir}/callgrind.%p",
            sys.executable,
            str(ROOT / "bench/intake_cpu.py"),
            "--runs",
            "1",
            "--requests",
            str(requests),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or found is None:
        raise SystemExit(f"callgrind run failed:\n{out.stdout}\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=50, help="creations in the shorter run (the longer makes 3×)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as workdir:
        short = instructions(args.requests, workdir)
        long = instructions(3 * args.requests, workdir)
    print(f"API intake: {(long - short) / (2 * args.requests) / 1e6:.2f} M instructions each (application side)")


if __name__ == "__main__":
    main()
