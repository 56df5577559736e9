"""Prints val/test AUC and balanced accuracy of the runs run.sh wrote."""
import json
import sys

out = sys.argv[1]
print("| run | best epoch | val AUC | val bal. acc | test AUC (95% CI) | test bal. acc (95% CI) |")
print("|---|---|---|---|---|---|")
for name in ["default", "balanced", "focal"]:
    m = json.load(open(f"{out}/{name}/metrics.json"))
    v, t = m["val"], m["test"]
    ci = t["ci95"]
    print(f"| {name} | {m['best_epoch']} | {v['auc']:.4f} | {v['balanced_accuracy']:.4f} | {t['auc']:.4f} "
          f"({ci['auc'][0]:.3f}-{ci['auc'][1]:.3f}) | {t['balanced_accuracy']:.4f} "
          f"({ci['balanced_accuracy'][0]:.3f}-{ci['balanced_accuracy'][1]:.3f}) |")
