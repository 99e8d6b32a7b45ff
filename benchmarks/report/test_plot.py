"""Checks of the report's generators: python3 -m unittest benchmarks/report/test_plot.py (no network)."""
import sys
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import plot  # noqa: E402


def run(op, delivery, mode, throughput, p99, cpu, **extra):
    r = dict(op=op, delivery=delivery, mode=mode, throughput=throughput, p50Ms=p99 / 2, p90Ms=p99 * 0.8, p99Ms=p99,
             p999Ms=p99 * 1.1, ok=int(throughput * 15), errors=0, nodeCpuMsPerRequest=cpu,
             clientCpuMsPerRequestUpperBound=1.0, loadAvgBefore=3.0, concurrency=16, rate=None)
    r.update(extra)
    return r


RESULTS = {
    "started": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:20:00Z", "durationSeconds": 15,
    "concurrency": 16, "cpus": 2,
    "topologies": [
        {"n": 1, "t": 1, "idleNodeCpuMsPerSecond": 10.0,
         "runs": [run("datakey", "client", "closed", 400.0, 20.0, 3.0)]},
        {"n": 5, "t": 3, "idleNodeCpuMsPerSecond": 50.0,
         "runs": [run("datakey", "client", "closed", 100.0, 80.0, 12.0),
                  run("datakey", "client", "open", 50.0, 30.0, 12.5, rate=50.0)]},
    ],
    "pykmip": {"concurrency": 16, "throughput": 300.0, "p50Ms": 10.0, "p90Ms": 20.0, "p99Ms": 40.0,
               "p999Ms": 50.0, "ok": 4500, "errors": 0, "serverCpuMsPerRequestUpperBound": 3.0,
               "loadAvgBefore": 2.0},
}


class PlotTest(unittest.TestCase):
    def test_svg_isWellFormed_andHasOnePointPerClosedRunInEachPanel(self):
        root = ET.fromstring(plot.svg(RESULTS))
        circles = root.findall("{http://www.w3.org/2000/svg}circle")
        self.assertEqual(len(circles), 4)  # 2 closed runs, in the throughput and the p99 panel

    def test_headline_reportsBothCostsOfDecentralisation_andThePeer(self):
        text = plot.headline(RESULTS)
        self.assertIn("datakey/client 0.25", text)  # 100 / 400 requests/s
        self.assertIn("datakey/client 0.25.", text.split("from CPU")[1])  # 3 / 12 ms per request
        self.assertIn("**300.0 Gets/s**", text)
        self.assertIn("| datakey, client | 50.0/s |", text)

    def test_splice_replacesOnlyTheTextBetweenTheMarkers(self):
        doc = "before\n<!-- results:begin -->\nold figures\n<!-- results:end -->\nafter\n"
        out = plot.splice(doc, RESULTS)
        self.assertTrue(out.startswith("before\n<!-- results:begin -->\n"))
        self.assertTrue(out.endswith("<!-- results:end -->\nafter\n"))
        self.assertNotIn("old figures", out)
        self.assertEqual(plot.splice("no markers", RESULTS), "no markers")


if __name__ == "__main__":
    unittest.main()
