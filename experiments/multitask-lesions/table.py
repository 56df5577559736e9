import json, statistics as st, os, sys
rows = {}
for c in ['single', 'masked', 'hard', 'soft']:
    vals = []
    for s in [1, 2, 3, 4, 5]:
        p = f'{sys.argv[1]}/runs/{c}-{s}/metrics.json'
        if not os.path.exists(p): continue
        m = json.load(open(p))
        vals.append((s, m['val']['accuracy'], m['val']['auc'], m['test']['accuracy'], m['test']['auc'], m['best_epoch']))
    rows[c] = vals
for c, vals in rows.items():
    if not vals: continue
    def ms(i):
        xs = [v[i] for v in vals]
        return f"{st.mean(xs):.4f} ± {st.stdev(xs):.4f}" if len(xs) > 1 else f"{xs[0]:.4f}"
    print(f"| {c} | {len(vals)} | {ms(1)} | {ms(2)} | {ms(3)} | {ms(4)} |")
    for v in vals:
        print(f"   seed {v[0]}: val acc {v[1]:.4f} auc {v[2]:.4f} | test acc {v[3]:.4f} auc {v[4]:.4f} | best epoch {v[5]}")
