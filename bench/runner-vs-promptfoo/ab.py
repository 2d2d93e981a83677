#!/usr/bin/env python3
"""A/B of eval-run builds or settings, interleaved, against the 20 ms mock model at concurrency 64.

    bench/runner-vs-promptfoo/ab.py RUNS 'label;CLI[;ENV=V ...[;MOCK_CLI[;MOCK ENV=V ...]]]' ...

Each configuration names the releasegate executable that runs `eval run`, optional environment settings for it, and
the executable (and environment) of its mock model; configurations sharing a mock share one mock-model process (the
first configuration's CLI by default). After one untimed 1,000-case run of each, the configurations run N cases (env N,
default 10000) in turn, RUNS times, and the script prints per configuration the median wall time against the latency
floor, the lowest, and the medians of CPU (user + sys), peak RSS and the mock model's CPU. Example (the evening round
of docs/benchmarks.md):

    bench/runner-vs-promptfoo/ab.py 8 "before;/tmp/old/releasegate;;/tmp/old/releasegate" "after;/tmp/new/releasegate;;/tmp/new/releasegate"
"""
import os, re, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
runs = int(sys.argv[1])
configs = []
for spec in sys.argv[2:]:
    parts = spec.split(";") + [""] * 5
    configs.append({"label": parts[0], "cli": parts[1], "env": parts[2], "mock": parts[3] or None, "mock_env": parts[4]})
n = os.environ.get("N", "10000")
work = tempfile.mkdtemp(prefix="rg-ab-")


def environment(settings):
    env = dict(os.environ)
    for pair in settings.split():
        name, _, value = pair.partition("=")
        env[name] = value
    return env


mocks = {}
for c in configs:
    key = (c["mock"] or configs[0]["cli"], c["mock_env"])
    if key not in mocks:
        process = subprocess.Popen([key[0], "mock-model", "--port", "0", "--latency-ms", "20"], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, env=environment(key[1]), text=True)
        mocks[key] = (process, re.search(r"127\.0\.0\.1:(\d+)", process.stdout.readline()).group(1))
    c["key"] = key
first_port = next(iter(mocks.values()))[1]
for size in ("1000", n):
    subprocess.run(["python3", os.path.join(here, "generate.py"), work, size, first_port], check=True)


def mock_cpu(process):
    fields = open(f"/proc/{process.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(c, size):
    process, port = mocks[c["key"]]
    before, start = mock_cpu(process), time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", c["cli"], "eval", "run", "--suite", f"{work}/suite-{size}.yaml",
                           "--target", f"openai:mock@http://127.0.0.1:{port}/v1", "-o", f"{work}/results.jsonl", "-j", "64",
                           "--no-cache", "--progress", "none"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=environment(c["env"]), text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{c['label']}: eval run failed ({done.returncode}): {done.stderr[-500:]}")
    user, system, rss = done.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss) // 1024, mock_cpu(process) - before


try:
    for c in configs:
        run(c, "1000")
    results = {c["label"]: [] for c in configs}
    for _ in range(runs):
        for c in configs:
            results[c["label"]].append(run(c, n))
finally:
    for process, _ in mocks.values():
        process.terminate()

floor = int(n) * 0.020 / 64
for c in configs:
    rows = results[c["label"]]
    wall = statistics.median(r[0] for r in rows)
    print(f"{c['label']:24s} wall {wall:.3f} s = {wall / floor:.3f} x (lowest {min(r[0] for r in rows) / floor:.3f} x)  "
          f"CPU {statistics.median(r[1] for r in rows):.2f} s  RSS {statistics.median(r[2] for r in rows):.0f} MiB  "
          f"mock CPU {statistics.median(r[3] for r in rows):.2f} s")
