#!/usr/bin/python3
"""Closed-loop KMIP Get load against a PyKMIP server, the peer of `kq bench --op release`.

Creates one AES-256 key, then runs C worker *processes* (the GIL would serialise threads), each
with its own mutually authenticated TLS connection, issuing Get of that key back to back for the
duration after a warm-up. Prints the same JSON fields as `kq bench --json`.

Usage: load.py --port P --certs DIR [--concurrency C] [--duration 20] [--warmup 5] [--json]
"""
import argparse
import json
import multiprocessing as mp
import time

from kmip import enums
from kmip.pie.client import ProxyKmipClient


def client(args):
    return ProxyKmipClient(hostname="127.0.0.1", port=args.port, cert=f"{args.certs}/client.pem",
                           key=f"{args.certs}/client.key", ca=f"{args.certs}/ca.pem")


def worker(args, uid, start_at, stop_at, out):
    """Gets until stop_at; records latencies (µs) of requests started at or after start_at."""
    latencies, errors, kinds = [], 0, {}
    with client(args) as c:
        while True:
            begin = time.monotonic()
            if begin >= stop_at:
                break
            try:
                key = c.get(uid)
                ok = len(key.value) == 32
            except Exception as e:  # counted by kind, as kq bench does; the run goes on
                ok = False
                kinds[type(e).__name__] = kinds.get(type(e).__name__, 0) + 1
            end = time.monotonic()
            if begin >= start_at:
                if ok:
                    latencies.append(int((end - begin) * 1e6))
                else:
                    errors += 1
    out.put((latencies, errors, kinds))


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(q * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index] / 1000.0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--certs", required=True)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--duration", type=float, default=20)
    p.add_argument("--warmup", type=float, default=5)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    with client(args) as c:
        uid = c.create(enums.CryptographicAlgorithm.AES, 256)
    now = time.monotonic()
    start_at, stop_at = now + 1 + args.warmup, now + 1 + args.warmup + args.duration
    out = mp.Queue()
    procs = [mp.Process(target=worker, args=(args, uid, start_at, stop_at, out)) for _ in range(args.concurrency)]
    for proc in procs:
        proc.start()
    results = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    latencies = sorted(v for r in results for v in r[0])
    errors = sum(r[1] for r in results)
    kinds = {}
    for r in results:
        for k, n in r[2].items():
            kinds[k] = kinds.get(k, 0) + n
    report = {
        "op": "kmip-get", "mode": "closed", "concurrency": args.concurrency,
        "durationSeconds": args.duration, "throughput": round(len(latencies) / args.duration, 1),
        "p50Ms": percentile(latencies, 0.50), "p90Ms": percentile(latencies, 0.90),
        "p99Ms": percentile(latencies, 0.99), "p999Ms": percentile(latencies, 0.999),
        "maxMs": latencies[-1] / 1000.0 if latencies else 0.0,
        "ok": len(latencies), "errors": errors, "errorKinds": kinds,
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(f"KMIP Get, {args.concurrency} processes, {args.duration:.0f} s: {report['throughput']} /s, "
              f"p50 {report['p50Ms']} ms, p99 {report['p99Ms']} ms, errors {errors}")


if __name__ == "__main__":
    main()
