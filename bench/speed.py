"""End-to-end speed and memory of `textmill curate`, side by side with datatrove (issue 11).

    python bench/speed.py [--sizes 10,100,500] [--workers 2] [--speedup-mb 100] [--datatrove]
                          [--datatrove-venv bench/.datatrove-venv] [--seeds] [--work DIR]

For each size it generates a news-like JSONL corpus with bench/corpus.py (deterministic, seed 7),
runs `textmill curate --quiet --json` on it as a user would (default config, `max_workers`
worker processes, a fresh tables folder, Prefect's temporary server included) and prints wall
time, CPU seconds of the whole process tree, MB per CPU-second, the peak of the summed PSS of
the process tree (sampled every 0.25 s from /proc), and the time per stage of one shard measured
in-process (template pass, processing, validation, staging). `--speedup-mb` runs that size with
1 and with 2 workers and prints the speed-up. `--datatrove` runs datatrove 0.10.1's comparable
pipeline (bench/datatrove_pipeline.py: JsonlReader -> FTFYFormatter -> GopherQualityFilter ->
C4QualityFilter -> ParquetWriter, spaCy) in its own virtual environment, which the script
creates with pip on first use, on the same corpora, and prints the MB per CPU-second ratio.
`--seeds` times `textmill curate seeds/` twice (the second run is the one the target is about).

A script, not a test: numbers depend on the machine and its load (2 shared cores here); run it
on an idle machine and compare runs of the same moment.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEXTMILL = Path(sys.executable).parent / "textmill"
DATATROVE_PINS = ["datatrove[io,processing]==0.10.1", "spacy==3.8.18"]


def generate(out: Path, mb: float) -> float:
    if not out.exists():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(out), "--format", "jsonl", "--target-mb", str(mb),
                        "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
    return sum(p.stat().st_size for p in out.rglob("*.jsonl")) / 1e6


class PssSampler(threading.Thread):
    """Peak of the summed PSS (proportional set size: shared pages split between sharers, so a
    tree's PSS adds up to what it really holds) of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_mb, self._halt = pid, every, 0.0, threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._halt.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in procs:
                try:
                    total += p.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Wall, CPU of the whole tree (children's rusage, reaped) and peak summed PSS of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = PssSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "peak_pss_mb": sampler.peak_mb, "stdout": out}


def curate(corpus: Path, work: Path, workers: int) -> dict:
    run = Path(tempfile.mkdtemp(prefix="curate-", dir=work))
    config = run / "bench.toml"
    config.write_text(f"[run]\nmax_workers = {workers}\n", encoding="utf-8")
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect")}  # warm across runs, as a user's is
    quiet = ["--quiet"] if "--quiet" in subprocess.run([str(TEXTMILL), "curate", "--help"], capture_output=True, text=True).stdout else []
    r = timed([str(TEXTMILL), "curate", str(corpus), "--tables", str(run / "tables"), "--config", str(config),
               "--json", *quiet], run, env)
    summary = json.loads(r.pop("stdout"))
    r.update(documents=summary["documents"], rejects=summary["rejects"])
    return r


def stage_times(corpus: Path) -> dict:
    """CPU seconds per stage of one shard (the first input file), in-process, as the tasks run it."""
    code = f"""
import json, tempfile, time
from textmill.config import load_config
from textmill.ingest import discover
from textmill.pipeline import process_shard, template_keys_of_files
from textmill.staging import quarantine, stage_shard, stage_template_pass
try:
    from textmill.staging import load_first_pass
except ImportError:  # older code handed over the prepared records only
    from textmill.staging import load_prepared
    load_first_pass = lambda staging, index: type("FirstPass", (), {{"prepared": load_prepared(staging, index), "records": None}})
try:
    from textmill.template_state import template_stats
except ImportError:  # older code kept it in textmill.commit
    from textmill.commit import template_stats
config = load_config(None)
files = discover([{str(corpus)!r}]).files[:1]
staging = tempfile.mkdtemp()
clock = time.process_time
t0 = clock(); part = stage_template_pass(template_keys_of_files(files, config, {{}}), staging, 0)
t1 = clock(); first = load_first_pass(staging, 0)
result = process_shard(files, config, {{}}, template_stats(staging + "/none", [part]), first.prepared, first.records)
t2 = clock(); quarantine(result)
t3 = clock(); stage_shard(result, staging, 0)
t4 = clock()
print(json.dumps({{"shard_mb": sum(f.size for f in files) / 1e6, "templates": t1 - t0, "process": t2 - t1,
                  "validate": t3 - t2, "stage": t4 - t3}}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def datatrove_python(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating datatrove's virtual environment in {venv} (pip: {' '.join(DATATROVE_PINS)})", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *DATATROVE_PINS], check=True)
    return python


def datatrove(python: Path, corpus: Path, work: Path) -> dict:
    out = Path(tempfile.mkdtemp(prefix="datatrove-", dir=work))
    r = timed([str(python), str(HERE / "datatrove_pipeline.py"), str(corpus), str(out / "output")], out)
    r.pop("stdout")
    return r


def row(label: str, mb: float, r: dict) -> str:
    return (f"{label:30} {mb:7.1f} {r['wall_s']:8.1f} {r['cpu_s']:8.1f} {mb / r['cpu_s']:9.2f} {r['peak_pss_mb']:10.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,500", help="corpus sizes in MB")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--speedup-mb", type=float, default=None, help="also run this size with 1 worker")
    parser.add_argument("--datatrove", action="store_true", help="run datatrove's pipeline on the same corpora")
    parser.add_argument("--datatrove-venv", default=str(HERE / ".datatrove-venv"))
    parser.add_argument("--seeds", action="store_true", help="time `textmill curate seeds/` (twice: the second counts)")
    parser.add_argument("--work", default=None, help="folder for corpora and runs (default: a temporary one)")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="textmill-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'run':30} {'MB':>7} {'wall s':>8} {'CPU-s':>8} {'MB/CPU-s':>9} {'peak PSS MB':>10}   (load {os.getloadavg()[0]:.1f})")
    if args.seeds:
        for attempt in ("first", "second"):
            r = curate(ROOT / "seeds", work, args.workers)
            print(row(f"textmill seeds/ ({attempt})", sum(p.stat().st_size for p in (ROOT / "seeds").iterdir()) / 1e6, r), flush=True)
    python = datatrove_python(Path(args.datatrove_venv)) if args.datatrove else None
    for mb in [float(s) for s in args.sizes.split(",") if s]:
        corpus = work / f"corpus-{mb:g}"
        size = generate(corpus, mb)
        r = curate(corpus, work, args.workers)
        print(row(f"textmill {args.workers} workers", size, r) + f"  {r['documents']} docs", flush=True)
        if args.speedup_mb == mb:
            one = curate(corpus, work, 1)
            print(row("textmill 1 worker", size, one) + f"  2-worker speed-up {one['wall_s'] / r['wall_s']:.2f}x", flush=True)
        stages = stage_times(corpus)
        print(f"{'':30} stages of one {stages['shard_mb']:.1f} MB shard (CPU-s): " +
              ", ".join(f"{k} {v:.2f}" for k, v in stages.items() if k != "shard_mb"), flush=True)
        if python is not None:
            d = datatrove(python, corpus, work)
            print(row("datatrove 1 worker", size, d) + f"  textmill/datatrove MB per CPU-s {d['cpu_s'] / r['cpu_s']:.2f}x", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
