"""CPU spent by processes of this machine, from /proc (Linux): what the bench scripts charge to a
request when the server, PostgreSQL and the load tool share the same cores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")  # /proc counts in these


def processes() -> Iterator[tuple[int, int, str, int]]:
    """(pid, parent pid, command name, utime + stime in ticks) of every process still running."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        yield int(name), int(fields[1]), stat[stat.index("(") + 1 : stat.rindex(")")], int(fields[11]) + int(fields[12])


def postgres_ticks() -> int:
    """Every PostgreSQL process of the machine: backends and the server's own."""
    return sum(ticks for _pid, _ppid, comm, ticks in processes() if comm.startswith("postgres"))


def busy_ticks() -> int:
    """The whole machine's busy time (all cores; idle and I/O wait left out), processes that ended too."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return sum(fields) - fields[3] - fields[4]
