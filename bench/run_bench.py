"""Benchmark newsfacts: end-to-end runs, extraction alone, peak memory, and dateparser + quantulum3 for reference.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run_bench.py                      # N = 1,000, 10,000 and 100,000 (about 25 minutes)
    .venv/bin/python bench/run_bench.py --sizes 1000 --ref-articles 5 --no-results   # a quick look

For each N it builds a corpus of N articles of about 5 KB (bench/corpus.py: the seeds and, when present, the dev
texts of ../shared/eval/data, recombined with a fixed seed), runs `newsfacts run` on it in a fresh output folder
and measures the wall time (Prefect start-up, validation and Parquet writing included) and the peak resident
memory of the whole process tree (the CLI, the forkserver and the workers), polled from /proc. On a sample of the
same texts it times `transforms.extract.extract_facts` in this one process (per core), dateparser's `search_dates`
and quantulum3's `parser.parse`, and prints the throughput ratio. With --profile it lists the hot spots of the
transforms that run as Python (none when setup.py compiled them: install with NEWSFACTS_PURE_PYTHON=1 to see them).
The figures go to bench/RESULTS.md, with the machine they came from and the load at each step.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from datetime import date, datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import SEED, articles, describe_sources, write_corpus  # noqa: E402

RESULTS = REPO / "bench" / "RESULTS.md"
PACKAGES = ("newsfacts", "prefect", "great-expectations", "pandas", "pyarrow", "dateparser", "quantulum3")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="newsfacts-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {"machine": machine(), "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "seed": args.seed, "sources": describe_sources(), "runs": [], "extraction": None, "reference": None, "profile": None}
    _say(f"corpus from {report['sources']}")
    biggest = max(args.sizes)
    corpora = {n: _corpus(work, n, args.seed) for n in sorted(args.sizes)}
    # The first k articles are the same in every corpus of this seed: the sample is the head of each.
    sample = [(a["text"], date.fromisoformat(a["published_at"]))
              for a in articles(max(args.extract_articles, args.ref_articles, args.profile), args.seed)]

    report["extraction"] = extraction_throughput(sample[:args.extract_articles])
    e = report["extraction"]
    _say(f"extraction, one process: {e['articles_per_cpu_s']:.1f} articles per CPU second "
         f"({e['cpu_ms_per_article']:.2f} ms/article; wall {e['articles_per_s']:.1f}/s), {e['articles']} articles, "
         f"load {e['load']}; {report['machine']['compiled']}")
    if args.ref_articles:
        report["reference"] = reference_throughput(sample[:args.ref_articles])
        ref = report["reference"]
        _say(f"reference on {ref['articles']} articles: newsfacts {ref['newsfacts_per_s']:.1f}/s, "
             f"dateparser {ref['dateparser_per_s']:.3f}/s, quantulum3 {ref['quantulum3_per_s']:.3f}/s, "
             f"both {ref['both_per_s']:.3f}/s -> ratio {ref['ratio']:.0f}x")
    if args.profile:
        report["profile"] = profile_transforms(sample[:args.profile], args.profile_top)
    for n in sorted(args.sizes):
        run = end_to_end(corpora[n], work / f"out-{n}", args.workers, args.batch_size)
        run["articles"] = n
        report["runs"].append(run)
        _say(f"N={n}: {run['wall_s']:.1f}s wall, {n / run['wall_s']:.1f} articles/s, {run['cpu_s']:.0f} CPU s, "
             f"peak RSS {run['peak_rss_mb']:.0f} MB (PSS {run['peak_pss_mb']:.0f} MB), load {run['load']}")
        if not args.keep:
            shutil.rmtree(work / f"out-{n}", ignore_errors=True)
    if len(report["runs"]) > 1:
        by_n = {r["articles"]: r for r in report["runs"]}
        if 10_000 in by_n and biggest > 10_000:
            _say(f"peak memory {biggest} / 10000: {by_n[biggest]['peak_rss_mb'] / by_n[10_000]['peak_rss_mb']:.2f}x")
    (work / "report.json").write_text(json.dumps(report, indent=2, default=str))
    if not args.no_results:
        RESULTS.write_text(results_markdown(report), encoding="utf-8")
        _say(f"wrote {RESULTS}")
    if not args.work and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000], metavar="N",
                   help="corpus sizes of the end-to-end runs (default: 1000 10000 100000)")
    p.add_argument("--extract-articles", type=int, default=1000, metavar="N",
                   help="articles timed for extraction alone (default: 1000)")
    p.add_argument("--ref-articles", type=int, default=20, metavar="N",
                   help="articles given to dateparser and quantulum3, 0 to skip them (default: 20)")
    p.add_argument("--profile", type=int, default=0, metavar="N", help="profile the transforms on N articles")
    p.add_argument("--profile-top", type=int, default=8, metavar="K", help="hot spots listed per module")
    p.add_argument("--workers", type=int, default=None, help="passed to newsfacts run --workers")
    p.add_argument("--batch-size", type=int, default=None, help="passed to newsfacts run --batch-size")
    p.add_argument("--seed", type=int, default=SEED, help="corpus seed (default: %(default)s)")
    p.add_argument("--work", default=None, metavar="DIR", help="keep corpora and outputs here (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the output folders")
    p.add_argument("--no-results", action="store_true", help="do not write bench/RESULTS.md")
    return p


# ---- measurements

def end_to_end(corpus: Path, output: Path, workers: int | None, batch_size: int | None) -> dict:
    """Wall time and peak memory of `newsfacts run` on the corpus, as a user runs it."""
    shutil.rmtree(output, ignore_errors=True)
    cmd = [str(Path(sys.executable).with_name("newsfacts")), "run", "--input", str(corpus), "--output", str(output),
           "--no-progress"]
    if workers:
        cmd += ["--workers", str(workers)]
    if batch_size:
        cmd += ["--batch-size", str(batch_size)]
    env = dict(os.environ)
    env.setdefault("PREFECT_HOME", str(output.parent / "prefect-home"))
    load = _load()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = _PeakMemory(proc.pid)
    peak.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    peak.stop()
    if proc.returncode != 0:
        raise SystemExit(f"newsfacts run failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(peak.cpu, 1), "peak_rss_mb": peak.rss / 2**20,
            "peak_pss_mb": peak.pss / 2**20, "processes": peak.processes, "load": f"{load} -> {_load()}",
            "summary": out.strip().splitlines()}


def extraction_throughput(texts: list[tuple[str, date | None]]) -> dict:
    """Articles per second of extract_facts in this one process, after a warm-up."""
    from flows.workers import warm_up
    from transforms.extract import extract_facts

    load = _load()
    warm = time.perf_counter()
    warm_up()  # as a worker process is, before its first article
    warm = time.perf_counter() - warm
    started, cpu = time.perf_counter(), time.process_time()
    mentions = 0
    for text, published in texts:
        facts = extract_facts(text, published)
        mentions += len(facts.figures) + len(facts.timexes) + len(facts.events)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # Per core: articles per CPU second of this one process, which other work on the machine disturbs less
    # than the wall clock.
    return {"articles": len(texts), "seconds": round(seconds, 3), "articles_per_s": len(texts) / seconds,
            "cpu_s": round(cpu, 3), "articles_per_cpu_s": len(texts) / cpu, "cpu_ms_per_article": 1000 * cpu / len(texts),
            "ms_per_article": 1000 * seconds / len(texts), "first_call_s": round(warm, 2),
            "mentions_per_article": mentions / len(texts), "load": f"{load} -> {_load()}",
            "mean_chars": sum(len(t) for t, _ in texts) / len(texts)}


def reference_throughput(texts: list[tuple[str, date | None]]) -> dict:
    """dateparser's search_dates and quantulum3's parse on the texts, beside extract_facts on the same texts.

    Rates are articles per CPU second of this process."""
    from transforms.extract import extract_facts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from dateparser.search import search_dates
        from quantulum3 import parser as quantities

        load = _load()
        search_dates(texts[0][0])
        quantities.parse(texts[0][0])
        extract_facts(*texts[0])
        timings = {}
        found = {}
        for name, call in (("newsfacts", lambda t, d: extract_facts(t, d)),
                           ("dateparser", lambda t, d: search_dates(t) or []),
                           ("quantulum3", lambda t, d: quantities.parse(t))):
            started = time.process_time()  # CPU seconds: all three in this process, alike under load
            found[name] = 0
            for text, published in texts:
                result = call(text, published)
                found[name] += (len(result.figures) + len(result.timexes)) if name == "newsfacts" else len(result)
            timings[name] = time.process_time() - started
    n = len(texts)
    both = timings["dateparser"] + timings["quantulum3"]
    return {"articles": n, "newsfacts_per_s": n / timings["newsfacts"], "dateparser_per_s": n / timings["dateparser"],
            "quantulum3_per_s": n / timings["quantulum3"], "both_per_s": n / both, "ratio": both / timings["newsfacts"],
            "found_per_article": {k: v / n for k, v in found.items()}, "load": f"{load} -> {_load()}"}


def profile_transforms(texts: list[tuple[str, date | None]], top: int) -> dict:
    """The functions of each transforms module that take the most time of their own, over the texts."""
    from transforms.extract import extract_facts

    extract_facts(*texts[0])  # lazily built patterns are a start-up cost, not a hot spot
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for text, published in texts:
        extract_facts(text, published)
    profiler.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats
    modules: dict[str, dict] = {}
    for (path, line, func), (_, calls, own, cumulative, _) in stats.items():
        module = _module_of(path)
        if module is None:
            continue
        entry = modules.setdefault(module, {"own_s": 0.0, "functions": []})
        entry["own_s"] += own
        entry["functions"].append({"function": f"{func} (line {line})", "calls": calls, "own_s": own,
                                   "cumulative_s": cumulative})
    builtin = sum(own for (path, _, _), (_, _, own, _, _) in stats.items() if path == "~")
    for entry in modules.values():
        entry["functions"] = sorted(entry["functions"], key=lambda f: -f["own_s"])[:top]
    ordered = dict(sorted(modules.items(), key=lambda kv: -kv[1]["own_s"]))
    cumulative = {f"{_module_of(path)}.{func}": cum for (path, _, func), (_, _, _, cum, _) in stats.items()
                  if _module_of(path) and func in _STAGES}
    return {"articles": len(texts), "profiled_s": total, "modules": ordered, "builtins_own_s": builtin,
            "stages": cumulative}


_STAGES = {"split_sentences", "find_timexes", "find_figures", "find_events", "figure_period", "extract_facts"}


def _module_of(path: str) -> str | None:
    parts = Path(path).parts
    if "transforms" in parts and path.endswith(".py") and ".venv" not in parts:
        return "transforms." + Path(path).stem
    return None


class _PeakMemory:
    """Polls /proc for the resident memory of a process and all its descendants; keeps the peak of the sum."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid = pid
        self.interval = interval
        self.rss = 0
        self.pss = 0
        self.processes = 0
        self._cpu: dict[int, float] = {}   # pid -> user + system seconds when last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            rss = sum(_status_kb(p, "VmRSS") for p in pids) * 1024
            if rss > self.rss:
                self.rss = rss
                self.pss = max(self.pss, sum(_pss_kb(p) for p in pids) * 1024)
            self.processes = max(self.processes, len(pids))
            for p in pids:
                self._cpu[p] = max(self._cpu.get(p, 0.0), _cpu_seconds(p))
            self._stop.wait(self.interval)

    @property
    def cpu(self) -> float:
        """CPU seconds of the tree, as last seen of each process (a process's last quarter second may be missed)."""
        return sum(self._cpu.values())


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---- corpus, machine, report

def _corpus(work: Path, n: int, seed: int) -> Path:
    path = work / f"corpus-{n}-{seed}.jsonl"
    if not path.exists():
        started = time.perf_counter()
        info = write_corpus(path.with_suffix(".tmp"), n, seed)
        path.with_suffix(".tmp").rename(path)
        _say(f"corpus of {n} articles, mean {info['mean_chars']:.0f} characters, {info['bytes'] / 2**20:.1f} MiB "
             f"in {time.perf_counter() - started:.1f}s")
    return path


def machine() -> dict:
    """CPU model, cores, memory, Python and package versions."""
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = _status_kb_meminfo("MemTotal") / 2**20
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    from flows.compiled import TRANSFORMS, compiled_modules

    sources = [p for p in TRANSFORMS.glob("*.py") if p.name != "__init__.py"]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1), "python": platform.python_version(),
            "platform": platform.platform(), "packages": versions,
            "compiled": f"{len(compiled_modules())} of {len(sources)} transforms modules compiled with mypyc "
                        "(setup.py)"}


def _status_kb_meminfo(key: str) -> int:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def results_markdown(report: dict) -> str:
    """bench/RESULTS.md from a report."""
    m = report["machine"]
    lines = ["# newsfacts benchmark results", "",
             f"Written by `bench/run_bench.py` on {report['started']} (corpus seed {report['seed']}).", "",
             f"Corpus recombined from {report.get('sources', 'sources not recorded')}.", "",
             "## Machine", "",
             f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory_gib']} GiB; {m['platform']}",
             f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
             f"- {m.get('compiled', 'compiled transforms not recorded')}",
             "- Load: the 1, 5 and 15 minute load averages before -> after each step (2 cores: above 2 means "
             "other work was competing).", ""]
    if report["runs"]:
        lines += ["## End to end: `newsfacts run`", "",
                  "Wall time from launching the command to its exit: Prefect start-up, ingest, extraction, "
                  "validation, Parquet writing and commit. Peak memory: the sum over the process tree "
                  "(CLI, Prefect's server, forkserver, workers), polled every 0.25 s; RSS counts shared pages "
                  "once per process, PSS shares them out. CPU: user + system seconds of that tree, a measure that "
                  "other work on the machine disturbs less than wall time.", "",
                  "| articles | wall (s) | articles/s | CPU (s) | peak RSS (MB) | peak PSS (MB) | processes | load |",
                  "|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in report["runs"]:
            lines.append(f"| {r['articles']:,} | {r['wall_s']:.1f} | {r['articles'] / r['wall_s']:.1f} | {r['cpu_s']:.0f} | "
                         f"{r['peak_rss_mb']:.0f} | {r['peak_pss_mb']:.0f} | {r['processes']} | {r['load']} |")
        by_n = {r["articles"]: r for r in report["runs"]}
        biggest = max(by_n)
        if 10_000 in by_n and biggest > 10_000:
            lines += ["", f"Peak memory at {biggest:,} / at 10,000: "
                          f"{by_n[biggest]['peak_rss_mb'] / by_n[10_000]['peak_rss_mb']:.2f}x (RSS), "
                          f"{by_n[biggest]['peak_pss_mb'] / by_n[10_000]['peak_pss_mb']:.2f}x (PSS)."]
        lines += ["", "Summary of the largest run:", "", "```", *by_n[biggest]["summary"], "```"]
    e = report["extraction"]
    if e:
        lines += ["", "## Extraction alone, one process (per core)", "",
                  f"`transforms.extract.extract_facts` on {e['articles']} articles of {e['mean_chars']:.0f} "
                  f"characters on average: **{e['articles_per_cpu_s']:.1f} articles per CPU second** "
                  f"({e['cpu_ms_per_article']:.2f} ms of CPU per article; by the wall clock {e['articles_per_s']:.1f} "
                  f"articles/s), {e['mentions_per_article']:.1f} figures, dates and events per article. The warm-up "
                  f"a worker process makes before its first article, which builds the transforms' patterns, took "
                  f"{e['first_call_s']} s. Load {e['load']}."]
    ref = report["reference"]
    if ref:
        lines += ["", "## Reference points, same texts, one process", "",
                  "| extractor | articles per CPU second | found per article |", "|---|---:|---:|",
                  f"| newsfacts `extract_facts` | {ref['newsfacts_per_s']:.2f} | "
                  f"{ref['found_per_article']['newsfacts']:.1f} figures and dates |",
                  f"| dateparser `search_dates` | {ref['dateparser_per_s']:.3f} | "
                  f"{ref['found_per_article']['dateparser']:.1f} dates |",
                  f"| quantulum3 `parser.parse` | {ref['quantulum3_per_s']:.3f} | "
                  f"{ref['found_per_article']['quantulum3']:.1f} quantities |",
                  f"| dateparser + quantulum3 | {ref['both_per_s']:.3f} | |", "",
                  f"On {ref['articles']} articles: newsfacts is **{ref['ratio']:.0f}x** dateparser + quantulum3 "
                  f"(quantulum3 without its optional classifier). Load {ref['load']}."]
    prof = report["profile"]
    if prof:
        lines += ["", "## Hot spots of the transforms (cProfile)", "",
                  "cProfile sees only the modules that run as Python: with compiled transforms it lists none of "
                  "them (install with NEWSFACTS_PURE_PYTHON=1 to profile them).", "",
                  f"{prof['articles']} articles, {prof['profiled_s']:.1f} s under the profiler; "
                  f"{prof['builtins_own_s']:.1f} s of it in builtins (mostly regex `search`/`match`/`finditer`).", "",
                  "Time per stage (cumulative): " + ", ".join(
                      f"{k.split('.', 1)[1]} {v:.2f} s" for k, v in sorted(prof["stages"].items(), key=lambda kv: -kv[1])),
                  ""]
        for module, entry in prof["modules"].items():
            lines += [f"### {module}: {entry['own_s']:.2f} s own time", "",
                      "| function | calls | own (s) | cumulative (s) |", "|---|---:|---:|---:|"]
            lines += [f"| `{f['function']}` | {f['calls']} | {f['own_s']:.3f} | {f['cumulative_s']:.3f} |"
                      for f in entry["functions"]]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    sys.exit(main())
