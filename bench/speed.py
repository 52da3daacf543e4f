"""End-to-end speed and memory of `textmill curate`, side by side with datatrove (issue 11).

    python bench/speed.py [--sizes 10,100,500] [--workers 2] [--shard-mb MB] [--speedup-mb 100] [--datatrove]
                          [--datatrove-venv bench/.datatrove-venv] [--seeds] [--work DIR]

For each size it generates a news-like JSONL corpus with bench/corpus.py (deterministic, seed 7),
runs `textmill curate --quiet --json` on it as a user would (default config, `max_workers`
worker processes, a fresh tables folder, Prefect's temporary server included) and prints wall
time, CPU seconds of the whole process tree, MB per CPU-second, the peak of the summed PSS of
the process tree (sampled every 0.25 s from /proc), and the time per stage of one shard measured
in-process (template pass, processing, validation, staging). It also splits the run's CPU by
process (the command, its Prefect server, the task workers: per-pid CPU times sampled from /proc)
and by step of the run (start-up, template pass, shard pass, workers exit, clusters, commit, runs
row, shutdown: the tree's CPU read when the command prints each step's line on stderr, which it does
when stderr is not a terminal). `--speedup-mb` runs that size with
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


ROLES = ("command", "server", "workers")  # the CLI process, its temporary Prefect server, task workers
# A `textmill:` line on stderr (progress, lines mode) that begins a step of the run -> that step.
STEP_LINES = (("textmill: using a temporary Prefect server", None), (" input files in ", "template pass"),
              ("textmill: template statistics", "shard pass"), ("textmill: stopping the workers", "workers exit"),
              ("textmill: duplicate clusters", "clusters"),
              ("textmill: committing the tables", "commit"), ("textmill: recording the run", "runs row"),
              ("textmill: run complete", "shutdown"))


def role_of(proc, root_pid: int) -> str:
    if proc.pid == root_pid:
        return "command"
    try:
        cmdline = " ".join(proc.cmdline())
    except Exception:  # noqa: BLE001 - gone or not ours: count it as a worker
        return "workers"
    return "server" if "uvicorn" in cmdline and "prefect" in cmdline else "workers"


class TreeSampler(threading.Thread):
    """Every `every` seconds, from /proc: the summed PSS (proportional set size: shared pages split
    between sharers, so a tree's PSS adds up to what it really holds) of a process and all its
    descendants, its peak, and each process's CPU seconds (user + system), kept per pid after it
    exits, so the CPU splits by role (command, Prefect server, workers). `snapshot()` reads the
    tree at once (called when the command prints a step line): CPU per role up to that moment."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self._halt = pid, every, threading.Event()
        self.peak_mb, self.peak_by_role = 0.0, dict.fromkeys(ROLES, 0.0)
        self.timeline: list[tuple[float, dict[str, float]]] = []  # (when, PSS MB per role), every sample
        self._cpu: dict[int, tuple[str, float]] = {}  # pid -> (role, CPU-s when last seen)
        self._roles: dict[int, str] = {}
        self._lock = threading.Lock()

    def _read(self, memory: bool) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        pss = dict.fromkeys(ROLES, 0.0)
        for p in procs:
            try:
                role = self._roles.get(p.pid) or self._roles.setdefault(p.pid, role_of(p, self.pid))
                t = p.cpu_times()
                with self._lock:
                    self._cpu[p.pid] = (role, t.user + t.system)
                if memory:
                    pss[role] += p.memory_full_info().pss / 2**20
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                pass
        if memory:
            self.timeline.append((time.perf_counter(), pss))
            self.peak_mb = max(self.peak_mb, sum(pss.values()))
            for role, mb in pss.items():
                self.peak_by_role[role] = max(self.peak_by_role[role], mb)

    def cpu_by_role(self) -> dict[str, float]:
        with self._lock:
            out = dict.fromkeys(ROLES, 0.0)
            for role, cpu in self._cpu.values():
                out[role] += cpu
            return out

    def snapshot(self) -> dict[str, float]:
        self._read(memory=False)
        return self.cpu_by_role()

    def run(self) -> None:
        while not self._halt.is_set():
            self._read(memory=True)
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Wall, CPU of the whole tree (children's rusage, reaped), peak summed PSS of one command,
    and (from the sampler and the command's step lines on stderr) CPU per role and per step."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    marks = [("start-up", dict.fromkeys(ROLES, 0.0), 0.0)]  # (step, CPU per role, wall) where it began
    err_lines: list[str] = []

    def read_stderr() -> None:
        for line in proc.stderr:
            err_lines.append(line)
            step = next((s for pattern, s in STEP_LINES if pattern in line), None)
            if step is not None:
                marks.append((step, sampler.snapshot(), time.perf_counter() - start))

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    out = proc.stdout.read()
    proc.wait()
    reader.join()
    wall = time.perf_counter() - start
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{''.join(err_lines)[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    final = sampler.cpu_by_role()
    final["unsampled"] = max(cpu - sum(final.values()), 0.0)  # CPU after a process's last sample
    marks.append(("end", final, wall))
    steps = []
    for (name, at, t0), (_, nxt, t1) in zip(marks, marks[1:]):
        cpu_step = {r: nxt.get(r, 0.0) - at.get(r, 0.0) for r in (*ROLES, "unsampled")}
        samples = [pss for when, pss in sampler.timeline if t0 <= when - start < t1]
        peak = max((sum(pss.values()) for pss in samples), default=0.0)
        if steps and steps[-1]["step"] == name:  # several lines of one step
            for r, v in cpu_step.items():
                steps[-1]["cpu"][r] += v
            steps[-1]["wall_s"] += t1 - t0
            steps[-1]["peak_pss_mb"] = max(steps[-1]["peak_pss_mb"], peak)
        else:
            steps.append({"step": name, "cpu": cpu_step, "wall_s": t1 - t0, "peak_pss_mb": peak})
    return {"wall_s": wall, "cpu_s": cpu, "peak_pss_mb": sampler.peak_mb, "peak_pss_by_role": sampler.peak_by_role,
            "cpu_by_role": final, "steps": steps, "stdout": out}


def accounting(r: dict, mb: float) -> str:
    """Where the run's CPU went: per process role, and per step of the run by role (CPU-s, and
    per MB), with the peak summed PSS of the tree during each step."""
    cols = (*ROLES, "unsampled")
    lines = [f"{'':30} CPU-s by process: " + ", ".join(f"{c} {r['cpu_by_role'][c]:.1f}" for c in cols)
             + "; peak PSS MB by process: " + ", ".join(f"{c} {r['peak_pss_by_role'][c]:.0f}" for c in ROLES),
             f"{'':30} {'step':14} {'wall s':>7} " + " ".join(f"{c:>9}" for c in cols) + f" {'total':>7} {'CPU-s/MB':>8}"
             + f" {'peak PSS MB':>11}"]
    for s in r["steps"]:
        total = sum(s["cpu"].values())
        lines.append(f"{'':30} {s['step']:14} {s['wall_s']:7.1f} " + " ".join(f"{s['cpu'][c]:9.1f}" for c in cols)
                     + f" {total:7.1f} {total / mb:8.3f} {s['peak_pss_mb']:11.0f}")
    return "\n".join(lines)


def curate(corpus: Path, work: Path, workers: int, shard_mb: float | None = None) -> dict:
    run = Path(tempfile.mkdtemp(prefix="curate-", dir=work))
    config = run / "bench.toml"
    shard = f"shard_bytes = {int(shard_mb * 1e6)}\n" if shard_mb else ""  # else the default
    config.write_text(f"[run]\nmax_workers = {workers}\n{shard}", encoding="utf-8")
    # warm across runs, as a user's is; stderr is a pipe, so progress prints lines (the steps), and
    # Prefect's console level is what --quiet or a progress bar sets
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "PREFECT_LOGGING_LEVEL": "WARNING"}
    r = timed([str(TEXTMILL), "curate", str(corpus), "--tables", str(run / "tables"), "--config", str(config),
               "--json"], run, env)
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
    parser.add_argument("--shard-mb", type=float, default=None, help="[run] shard_bytes in MB (default: the config's)")
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
            r = curate(ROOT / "seeds", work, args.workers, args.shard_mb)
            seeds_mb = sum(p.stat().st_size for p in (ROOT / "seeds").iterdir()) / 1e6
            print(row(f"textmill seeds/ ({attempt})", seeds_mb, r), flush=True)
            print(accounting(r, seeds_mb), flush=True)
    python = datatrove_python(Path(args.datatrove_venv)) if args.datatrove else None
    for mb in [float(s) for s in args.sizes.split(",") if s]:
        corpus = work / f"corpus-{mb:g}"
        size = generate(corpus, mb)
        r = curate(corpus, work, args.workers, args.shard_mb)
        print(row(f"textmill {args.workers} workers", size, r) + f"  {r['documents']} docs", flush=True)
        print(accounting(r, size), flush=True)
        if args.speedup_mb == mb:
            one = curate(corpus, work, 1, args.shard_mb)
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
