"""The report's plot (an SVG written by hand: matplotlib is not installed) and its text summary."""
from html import escape

COLOURS = {"datakey/client": "#1f77b4", "datakey/orchestrator": "#6baed6",
           "release/client": "#d62728", "release/orchestrator": "#fc9272"}
W, H, PAD = 460, 300, 56


def closed_series(results):
    """{op/delivery: [(n, throughput, p99)]} of the closed-loop runs."""
    series = {}
    for topo in results["topologies"]:
        for r in topo["runs"]:
            if r["mode"] == "closed":
                series.setdefault(f"{r['op']}/{r['delivery']}", []).append((topo["n"], r["throughput"], r["p99Ms"]))
    return series


def panel(x0, title, unit, series, index, ns, hline=None):
    top = max([v[index] for pts in series.values() for v in pts] + ([hline[0]] if hline else [])) * 1.15 or 1
    sx = lambda n: x0 + PAD + (n - min(ns)) / max(1, max(ns) - min(ns)) * (W - PAD - 20)
    sy = lambda v: H - PAD + 10 - v / top * (H - PAD - 30)
    out = [f'<text x="{x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
           f'<line x1="{x0 + PAD}" y1="{sy(0)}" x2="{x0 + W - 20}" y2="{sy(0)}" stroke="black"/>',
           f'<line x1="{x0 + PAD}" y1="{sy(0)}" x2="{x0 + PAD}" y2="{sy(top)}" stroke="black"/>']
    for i in range(6):
        v = top * i / 5
        out.append(f'<text x="{x0 + PAD - 6}" y="{sy(v) + 4}" text-anchor="end">{v:.0f}</text>')
        out.append(f'<line x1="{x0 + PAD}" y1="{sy(v)}" x2="{x0 + W - 20}" y2="{sy(v)}" stroke="#ddd"/>')
    for n in ns:
        out.append(f'<text x="{sx(n)}" y="{sy(0) + 16}" text-anchor="middle">{n}</text>')
    out.append(f'<text x="{x0 + W / 2}" y="{H - 8}" text-anchor="middle">attestors n (t = 1, 2, 3, 5)</text>')
    out.append(f'<text x="{x0 + 14}" y="{H / 2}" transform="rotate(-90 {x0 + 14} {H / 2})" '
               f'text-anchor="middle">{escape(unit)}</text>')
    if hline:
        out.append(f'<line x1="{x0 + PAD}" y1="{sy(hline[0])}" x2="{x0 + W - 20}" y2="{sy(hline[0])}" '
                   f'stroke="#2ca02c" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{x0 + W - 22}" y="{sy(hline[0]) - 5}" text-anchor="end" fill="#2ca02c">'
                   f'{escape(hline[1])}</text>')
    for name, pts in series.items():
        pts = sorted(pts)
        path = " ".join(f"{sx(n):.1f},{sy(v):.1f}" for n, v in
                        [(p[0], p[index]) for p in pts])
        out.append(f'<polyline fill="none" stroke="{COLOURS.get(name, "black")}" stroke-width="2" points="{path}"/>')
        for p in pts:
            out.append(f'<circle cx="{sx(p[0]):.1f}" cy="{sy(p[index]):.1f}" r="3" fill="{COLOURS.get(name, "black")}"/>')
    return out


def svg(results):
    series = closed_series(results)
    ns = sorted({t["n"] for t in results["topologies"]})
    kmip = results.get("pykmip")
    hline = (kmip["throughput"], f"PyKMIP Get {kmip['throughput']:.0f}/s") if kmip else None
    body = panel(0, f"Throughput, closed loop, concurrency {results['concurrency']}", "requests/s", series, 1, ns,
                 hline)
    body += panel(W, "p99 latency at that load", "ms", series, 2, ns,
                  (kmip["p99Ms"], f"PyKMIP Get p99 {kmip['p99Ms']:.0f} ms") if kmip else None)
    legend = []
    for i, name in enumerate(series):
        x = 70 + i * 210
        legend.append(f'<rect x="{x}" y="{H + 8}" width="14" height="4" fill="{COLOURS.get(name, "black")}"/>')
        legend.append(f'<text x="{x + 20}" y="{H + 14}">{escape(name)} delivery</text>')
    loads = [r["loadAvgBefore"] for t in results["topologies"] for r in t["runs"]]
    if loads:
        legend.append(f'<text x="{W}" y="{H + 34}" text-anchor="middle" fill="#555">{results["cpus"]} CPUs shared with '
                      f'other work: load average {min(loads):.0f}–{max(loads):.0f} during the run '
                      f'({escape(results["started"])})</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H + 44}" '
            f'font-family="sans-serif" font-size="11">\n<rect width="100%" height="100%" fill="white"/>\n'
            + "\n".join(body + legend) + "\n</svg>\n")


def summary(results):
    lines = ["n/t  op       delivery     loop          req/s    p50 ms   p99 ms  p99.9 ms  errors  node CPU ms/req"]
    for topo in results["topologies"]:
        for r in topo["runs"]:
            loop = f"c={r['concurrency']}" if r["mode"] == "closed" else f"rate={r['rate']}"
            lines.append(f"{topo['n']}/{topo['t']:<2} {r['op']:8} {r['delivery']:12} {loop:10} {r['throughput']:9.1f} "
                         f"{r['p50Ms']:8.1f} {r['p99Ms']:8.1f} {r['p999Ms']:9.1f} {r['errors']:7} "
                         f"{r['nodeCpuMsPerRequest']:8.2f}")
    k = results.get("pykmip")
    if k:
        lines.append(f"PyKMIP Get, {k['concurrency']} processes: {k['throughput']:.1f}/s, p50 {k['p50Ms']:.1f} ms, "
                     f"p99 {k['p99Ms']:.1f} ms, errors {k['errors']}, server CPU <= "
                     f"{k['serverCpuMsPerRequestUpperBound']:.2f} ms/req")
    by = {(t["n"], r["op"], r["delivery"]): r["throughput"] for t in results["topologies"] for r in t["runs"]
          if r["mode"] == "closed"}
    for (n, op, d), thr in sorted(by.items()):
        if n == 5 and (1, op, d) in by and by[(1, op, d)]:
            lines.append(f"cost of decentralisation {op}/{d}: 5/3 / 1/1 = {thr / by[(1, op, d)]:.2f}")
    return "\n".join(lines)


def markdown(results):
    """The tables of docs/benchmarks/results.md, generated from results.json."""
    rows = ["| n/t | op | delivery | load | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | ok | errors |"
            " node CPU ms/req | client CPU ms/req (≤) | load avg |",
            "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for topo in results["topologies"]:
        for r in topo["runs"]:
            loop = f"closed, {r['concurrency']} workers" if r["mode"] == "closed" else f"open, {r['rate']}/s"
            rows.append(f"| {topo['n']}/{topo['t']} | {r['op']} | {r['delivery']} | {loop} | {r['throughput']:.1f} | "
                        f"{r['p50Ms']:.1f} | {r['p90Ms']:.1f} | {r['p99Ms']:.1f} | {r['p999Ms']:.1f} | {r['ok']} | "
                        f"{r['errors']} | {r['nodeCpuMsPerRequest']:.2f} | {r['clientCpuMsPerRequestUpperBound']:.2f} | "
                        f"{r['loadAvgBefore']:.1f} |")
    k = results.get("pykmip")
    if k:
        rows.append(f"| PyKMIP 1 | KMIP Get | — | closed, {k['concurrency']} processes | {k['throughput']:.1f} | "
                    f"{k['p50Ms']:.1f} | {k['p90Ms']:.1f} | {k['p99Ms']:.1f} | {k['p999Ms']:.1f} | {k['ok']} | "
                    f"{k['errors']} | ≤ {k['serverCpuMsPerRequestUpperBound']:.2f} (server) | — | "
                    f"{k['loadAvgBefore']:.1f} |")
    idle = ", ".join(f"{t['n']}/{t['t']}: {t['idleNodeCpuMsPerSecond']} ms/s" for t in results["topologies"])
    return ("# Whole-path benchmark results\n\nGenerated by `benchmarks/report/run.sh` from `results.json` "
            f"(run {results['started']} to {results['finished']}, {results['durationSeconds']} s per run, "
            f"{results['cpus']} CPUs). Idle CPU of all node processes before load: {idle}.\n\n"
            + "\n".join(rows) + "\n\n```\n" + summary(results) + "\n```\n")


def headline(results):
    """The figures spliced into docs/BENCHMARKS.md between the results markers."""
    closed = {(t["n"], r["op"], r["delivery"]): r for t in results["topologies"] for r in t["runs"]
              if r["mode"] == "closed"}
    opened = {(t["n"], r["op"], r["delivery"]): r for t in results["topologies"] for r in t["runs"]
              if r["mode"] == "open"}
    combos = [(op, d) for op in ("datakey", "release") for d in ("client", "orchestrator")
              if any(k[1:] == (op, d) for k in closed)]
    head = "| n/t | " + " | ".join(f"{op}, {d}: req/s · p99 ms · CPU ms/req" for op, d in combos) + " |"
    rows = [head, "|---|" + "---:|" * len(combos)]
    for topo in results["topologies"]:
        cells = []
        for op, d in combos:
            r = closed.get((topo["n"], op, d))
            cells.append("—" if r is None else
                         f"{r['throughput']:.1f} · {r['p99Ms']:,.0f} · {r['nodeCpuMsPerRequest']:.1f}")
        rows.append(f"| {topo['n']}/{topo['t']} | " + " | ".join(cells) + " |")
    out = ["Closed loop, " + str(results["concurrency"]) + " workers, " + str(results["durationSeconds"])
           + " s per run; CPU = all node processes' CPU per request (client excluded).", "", *rows, ""]
    if opened:
        out += ["5/3 open loop at half the saturated 5/3 rate (`--rate`, latency from the intended start):", "",
                "| op, delivery | rate | req/s | p50 ms | p99 ms | p99.9 ms | errors |", "|---|---:|---:|---:|---:|---:|---:|"]
        for (n, op, d), r in sorted(opened.items()):
            out.append(f"| {op}, {d} | {r['rate']}/s | {r['throughput']:.1f} | {r['p50Ms']:.1f} | {r['p99Ms']:,.1f} | "
                       f"{r['p999Ms']:,.1f} | {r['errors']} |")
        out.append("")
    ratios = [f"{op}/{d} {closed[(5, op, d)]['throughput'] / closed[(1, op, d)]['throughput']:.2f}"
              for op, d in combos if (5, op, d) in closed and (1, op, d) in closed and closed[(1, op, d)]["throughput"]]
    cpu = [f"{op}/{d} {closed[(1, op, d)]['nodeCpuMsPerRequest'] / closed[(5, op, d)]['nodeCpuMsPerRequest']:.2f}"
           for op, d in combos if (5, op, d) in closed and (1, op, d) in closed
           and closed[(5, op, d)]["nodeCpuMsPerRequest"]]
    if ratios:
        out += ["Cost of decentralisation, measured (5/3 throughput ÷ 1/1 throughput, closed loop): "
                + ", ".join(ratios) + ".", "",
                "Cost of decentralisation from CPU (1/1 node CPU per request ÷ 5/3 node CPU per request, what the "
                "throughput ratio is on a CPU-bound machine): " + ", ".join(cpu) + ".", ""]
    k = results.get("pykmip")
    if k:
        out += [f"PyKMIP peer (one server, KMIP Get over mutual TLS 1.2, {k['concurrency']} client processes): "
                f"**{k['throughput']:.1f} Gets/s**, p50 {k['p50Ms']:.1f} ms, p99 {k['p99Ms']:,.1f} ms, "
                f"{k['errors']} errors, server CPU ≤ {k['serverCpuMsPerRequestUpperBound']:.2f} ms per Get.", ""]
    loads = [r["loadAvgBefore"] for t in results["topologies"] for r in t["runs"]]
    if loads:
        out += [f"Load average (1 min) before each run: {min(loads):.1f} to {max(loads):.1f} on "
                f"{results['cpus']} CPUs; run from {results['started']} to {results['finished']}.", ""]
    return "\n".join(out)


def splice(document, results):
    """Replaces the text between the results markers of BENCHMARKS.md with headline(results)."""
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    if begin not in document or end not in document:
        return document
    before, rest = document.split(begin, 1)
    after = rest.split(end, 1)[1]
    return before + begin + "\n" + headline(results) + end + after


if __name__ == "__main__":
    # Regenerates the plot, results.md and the BENCHMARKS.md figures from docs/benchmarks/results.json.
    import json
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    data = json.loads((root / "docs/benchmarks/results.json").read_text())
    (root / "docs/benchmarks/throughput-p99.svg").write_text(svg(data))
    (root / "docs/benchmarks/results.md").write_text(markdown(data))
    doc = root / "docs/BENCHMARKS.md"
    doc.write_text(splice(doc.read_text(), data))
    print(summary(data))
