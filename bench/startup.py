"""Start-up times side by side, robust to a machine whose speed drifts: ROUNDS rounds, each
running every command RUNS times under hyperfine (the order reversed every other round), then
per command the median of its round means and the median (min, max) of its per-round ratio
to the LAST command. Writes a Markdown table to standard output.
Usage: python3 bench/startup.py ROUNDS RUNS COMMAND... BASELINE"""
import json
import statistics
import subprocess
import sys
import tempfile

rounds, runs, cmds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
means = {c: [] for c in cmds}
for r in range(rounds):
    for c in cmds if r % 2 == 0 else reversed(cmds):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            subprocess.run(["hyperfine", "-N", "--warmup", "50", "--runs", str(runs), "--export-json", f.name, c],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            means[c].append(json.load(open(f.name))["results"][0]["mean"] * 1e3)
print(f"| command | mean of a run (median of {rounds} rounds) | time relative to the last (median, min-max) |")
print("|---|---:|---:|")
for c in cmds:
    ratios = [a / b for a, b in zip(means[c], means[cmds[-1]])]
    print(f"| `{c}` | {statistics.median(means[c]):.3f} ms | {statistics.median(ratios):.2f} "
          f"({min(ratios):.2f}-{max(ratios):.2f}) |")
