"""Summarises experiments/metadata-lesions runs: per arm, mean ± sd and [min, max] over seeds of val
and test AUC and accuracy; the margin counts as outside the seed spread when the worst image+metadata
seed beats the best image-only seed. Usage: python3 table.py OUT"""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1]
arms = {"image": "image only", "metadata": "image + age, site"}
rows = {}
for arm in arms:
    runs = sorted(glob.glob(os.path.join(out, "runs", arm + "-*", "metrics.json")))
    values = {}
    for path in runs:
        m = json.load(open(path))
        for split in ("val", "test"):
            for metric in ("auc", "accuracy"):
                values.setdefault((split, metric), []).append(m[split][metric])
    rows[arm] = (len(runs), values)

keys = [("val", "auc"), ("test", "auc"), ("val", "accuracy"), ("test", "accuracy")]
print("| arm | seeds | " + " | ".join(f"{s} {m}" for s, m in keys) + " |")
print("|---|---|" + "---|" * len(keys))
for arm, (n, values) in rows.items():
    cells = []
    for key in keys:
        v = values.get(key, [])
        sd = statistics.stdev(v) if len(v) > 1 else 0.0
        cells.append(f"{statistics.mean(v):.4f} ± {sd:.4f} [{min(v):.4f}, {max(v):.4f}]" if v else "-")
    print(f"| {arms[arm]} | {n} | " + " | ".join(cells) + " |")
print()
for key in keys:
    a = rows["image"][1].get(key, [])
    b = rows["metadata"][1].get(key, [])
    if a and b:
        margin = statistics.mean(b) - statistics.mean(a)
        clear = min(b) > max(a)
        print(f"{key[0]} {key[1]}: margin {margin:+.4f}; worst metadata seed {min(b):.4f} vs best image-only seed {max(a):.4f}"
              f" -> {'outside' if clear else 'NOT outside'} the seed spread")
