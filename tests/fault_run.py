"""`newsfacts` as a user runs it, stopped at one point of the write path until a test lets it go on or kills it.

    NEWSFACTS_FAULT_POINT=staged|commit NEWSFACTS_FAULT_READY=FILE NEWSFACTS_FAULT_GO=FILE python fault_run.py ARGS

At the point the run writes its pid to READY and waits for GO to exist, holding the output folder's lock:
- `staged`: the first batch's first table file is written to the staging area, the rest of the run is to come;
- `commit`: half of the commit journal's moves into the tables are done, the other half and the deletes are not.
A test finds the run paused at a known point, every time, and no timing decides what it sees.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

POINT = os.environ["NEWSFACTS_FAULT_POINT"]
READY = Path(os.environ["NEWSFACTS_FAULT_READY"])
GO = Path(os.environ["NEWSFACTS_FAULT_GO"])


def pause() -> None:
    READY.write_text(str(os.getpid()))
    while not GO.exists():
        time.sleep(0.05)


def stop_after_first_staged_file() -> None:
    import flows.stages

    write = flows.stages.write_parquet
    done = []

    def write_then_pause(name, rows, path):
        written = write(name, rows, path)
        if not done:
            done.append(written)
            pause()
        return written

    flows.stages.write_parquet = write_then_pause


def stop_half_way_through_the_commit() -> None:
    from flows.store import Store

    apply = Store._apply

    def apply_in_two_halves(self, journal):
        if GO.exists():  # let go: the rest of this commit, and any later recovery, as written
            return apply(self, journal)
        moves = journal["moves"]
        apply(self, {**journal, "moves": moves[:len(moves) // 2], "deletes": []})
        pause()
        return apply(self, journal)

    Store._apply = apply_in_two_halves


if __name__ == "__main__":
    {"staged": stop_after_first_staged_file, "commit": stop_half_way_through_the_commit}[POINT]()
    from flows.cli import main

    sys.exit(main(sys.argv[1:]))
