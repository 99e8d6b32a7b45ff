#!/usr/bin/env bash
# The whole-path benchmark matrix of docs/BENCHMARKS.md in one run: kq dev networks of
# n/t = 1/1, 3/2, 5/3, 7/5, kq bench datakey and release in both delivery modes (closed loop
# to saturation, open loop at half the saturated 5/3 rate), CPU of every node process per
# request, then the PyKMIP peer. Writes docs/benchmarks/results.json and throughput-p99.svg.
#
# Knobs (environment): DURATION (s, default 15), WARMUP (s, default 5), CONCURRENCY (default 16),
# KMIP_CONCURRENCY (default 16), SIZES (default "1/1 3/2 5/3 7/5"), MODES (default
# "client orchestrator"), OUT (default docs/benchmarks). Needs java 17, /usr/bin/python3,
# python3-pykmip and openssl. Took 19-23 minutes on a loaded 2-core machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
cd "$root"
# Build once up front, so no build lands inside a timed run.
./kq --version >/dev/null
exec /usr/bin/python3 "$here/matrix.py" "$@"
