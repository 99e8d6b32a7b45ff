"""Runs the benchmark matrix (see run.sh for the knobs) and writes results.json and the plot.

Every figure in docs/BENCHMARKS.md's whole-path section comes from one invocation of this file.
CPU per request is the change in utime+stime (/proc/<pid>/stat) of every node process of the
network (attestors and orchestrator) across one measured bench run, divided by its ok requests;
the bench client's own CPU (getrusage of the reaped kq bench process, JVM start-up and JIT
included, so an upper bound) is reported beside it.
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import plot

ROOT = Path(__file__).resolve().parents[2]
KQ = str(ROOT / "kq")
TICKS = os.sysconf("SC_CLK_TCK")
DURATION = int(os.environ.get("DURATION", "15"))
WARMUP = int(os.environ.get("WARMUP", "5"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "16"))
KMIP_CONCURRENCY = int(os.environ.get("KMIP_CONCURRENCY", "16"))
SIZES = [tuple(map(int, s.split("/"))) for s in os.environ.get("SIZES", "1/1 3/2 5/3 7/5").split()]
MODES = os.environ.get("MODES", "client orchestrator").split()
OUT = ROOT / os.environ.get("OUT", "docs/benchmarks")
OPS = ["datakey", "release"]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def cpu_ms(pids):
    """utime+stime of the given processes and their reaped children, in ms; gone processes count 0."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
        except FileNotFoundError:
            pass
    return total * 1000.0 / TICKS


def children_cpu_ms():
    """CPU of this script's reaped children (each kq bench run once it has exited), in ms."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def loadavg():
    return float(Path("/proc/loadavg").read_text().split()[0])


def start_network(directory, n, t):
    err = open(directory / "dev.err", "w")
    dev = subprocess.Popen([KQ, "dev", "--dir", str(directory / "net"), "--attestors", str(n), "--threshold", str(t),
                            "--ready-timeout-seconds", "240"], stdout=subprocess.PIPE, stderr=err, text=True)
    for line in dev.stdout:
        if line.strip() == "ready":
            return dev
    raise RuntimeError(f"kq dev {n}/{t} did not come up: {(directory / 'dev.err').read_text()[-2000:]}")


def node_pids(net):
    return [int((d / "pid").read_text()) for d in sorted(net.iterdir()) if (d / "pid").is_file()]


def bench(profile, op, mode, extra, warmup, duration=DURATION):
    """One kq bench run; returns its JSON report."""
    argv = [KQ, "bench", "--op", op, "--key", "demo", "--delivery", mode, "--duration", f"{duration}s",
            "--warmup", f"{warmup}s", "--quiet", "--json", "--profile", profile] + extra
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {err[-2000:]}")
    return json.loads(out)


def measured(profile, pids, op, mode, extra):
    """A bench run without warm-up (the topology was warmed before) with node CPU around it."""
    before, load, client_before = cpu_ms(pids), loadavg(), children_cpu_ms()
    report = bench(profile, op, mode, extra, 0)
    spent = cpu_ms(pids) - before
    client = children_cpu_ms() - client_before
    ok = max(report["ok"], 1)
    keep = {k: report.get(k) for k in ("op", "delivery", "mode", "rate", "concurrency", "durationSeconds",
                                       "throughput", "p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs", "ok",
                                       "errors", "dropped", "errorKinds")}
    keep.update(nodeCpuMsPerRequest=round(spent / ok, 3), nodeCpuMs=round(spent),
                clientCpuMsPerRequestUpperBound=round(client / ok, 3), loadAvgBefore=load)
    log(f"  {op:8} {mode:12} {' '.join(extra):18} {report['throughput']:7.1f}/s p50 {report['p50Ms']:.1f} "
        f"p99 {report['p99Ms']:.1f} ms errors {report['errors']} cpu/req {keep['nodeCpuMsPerRequest']:.2f} ms")
    return keep


def run_topology(n, t, work, half_rates):
    directory = work / f"n{n}t{t}"
    directory.mkdir()
    log(f"network {n}/{t}: starting")
    began = time.monotonic()
    dev = start_network(directory, n, t)
    try:
        net = directory / "net"
        profile = str(net / "client.json")
        pids = node_pids(net)
        log(f"network {n}/{t}: ready in {time.monotonic() - began:.0f} s, {len(pids)} node processes")
        idle_before = cpu_ms(pids)
        time.sleep(5)
        idle = (cpu_ms(pids) - idle_before) / 5.0
        for mode in MODES:  # warm every path's JIT once, unrecorded
            for op in OPS:
                bench(profile, op, mode, ["--concurrency", str(CONCURRENCY)], WARMUP, duration=2)
        runs = []
        for mode in MODES:
            for op in OPS:
                runs.append(measured(profile, pids, op, mode, ["--concurrency", str(CONCURRENCY)]))
        if (n, t) == (5, 3):
            for r in list(runs):
                rate = max(1, round(r["throughput"] / 2))
                half_rates[f"{r['op']}/{r['delivery']}"] = rate
                runs.append(measured(profile, pids, r["op"], r["delivery"], ["--rate", str(rate)]))
        return {"n": n, "t": t, "idleNodeCpuMsPerSecond": round(idle, 1), "runs": runs}
    finally:
        dev.send_signal(signal.SIGTERM)
        try:
            dev.wait(60)
        except subprocess.TimeoutExpired:
            dev.kill()


def run_pykmip(work):
    certs = work / "kmip"
    subprocess.run([str(ROOT / "benchmarks/report/pykmip/certs.sh"), str(certs)], check=True)
    port = 15696
    server = subprocess.Popen([str(ROOT / "benchmarks/report/pykmip/server.sh"), str(certs), str(port)],
                              stdout=open(work / "kmip-server.out", "w"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        time.sleep(4)
        pids = [server.pid] + [int(p) for p in subprocess.run(["pgrep", "-g", str(server.pid)], capture_output=True,
                                                               text=True).stdout.split() if int(p) != server.pid]
        before, load = cpu_ms(pids), loadavg()
        out = subprocess.run(["/usr/bin/python3", str(ROOT / "benchmarks/report/pykmip/load.py"), "--port", str(port),
                              "--certs", str(certs), "--concurrency", str(KMIP_CONCURRENCY), "--duration",
                              str(DURATION), "--warmup", str(WARMUP), "--json"],
                             capture_output=True, text=True, check=True).stdout
        report = json.loads(out.strip().splitlines()[-1])
        # The server process's CPU includes the warm-up's Gets too; divide by all Gets it served.
        report["serverCpuMsPerRequestUpperBound"] = round((cpu_ms(pids) - before) / max(report["ok"], 1), 3)
        report["loadAvgBefore"] = load
        log(f"pykmip: {report['throughput']}/s p50 {report['p50Ms']} p99 {report['p99Ms']} ms errors {report['errors']}")
        return report
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def main():
    work = Path(tempfile.mkdtemp(prefix="kq-bench-matrix-"))
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    log(f"work dir {work}; load average {loadavg()}")
    half_rates, topologies = {}, []
    try:
        for n, t in SIZES:
            topologies.append(run_topology(n, t, work, half_rates))
        kmip = run_pykmip(work)
    finally:
        if os.environ.get("KEEP") is None:
            shutil.rmtree(work, ignore_errors=True)
    results = {
        "started": started, "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": "benchmarks/report/run.sh", "durationSeconds": DURATION, "concurrency": CONCURRENCY,
        "cpus": os.cpu_count(), "topologies": topologies, "halfRates5of3": half_rates, "pykmip": kmip,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    (OUT / "throughput-p99.svg").write_text(plot.svg(results))
    (OUT / "results.md").write_text(plot.markdown(results))
    doc = ROOT / "docs/BENCHMARKS.md"
    if OUT == ROOT / "docs/benchmarks":
        doc.write_text(plot.splice(doc.read_text(), results))
    print(plot.summary(results))


if __name__ == "__main__":
    main()
