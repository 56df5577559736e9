"""Prints the recipes table from a run.sh output folder: val accuracy (ants/bees) or val/test AUC (PneumoniaMNIST) per seed."""
import json, os, sys
out = sys.argv[1]
rows = {}
for name in sorted(os.listdir(out)):
    path = os.path.join(out, name, "metrics.json")
    if not os.path.isfile(path):
        continue
    row, seed = name.rsplit("-", 1)
    m = json.load(open(path))
    if row.startswith("ab-"):
        rows.setdefault(row, []).append(f"{seed}: val acc {m['val']['accuracy']:.4f}")
    else:
        t = m["test"]
        rows.setdefault(row, []).append(f"{seed}: val AUC {m['val']['auc']:.4f}, test AUC {t['auc']:.4f}, test acc {t['accuracy']:.4f}")
for row, cells in rows.items():
    print(f"| {row} | " + " | ".join(cells) + " |")
