import json, sys, numpy as np
d = json.load(open(sys.argv[1]))
Xt, yt = np.array(d['train']['x']), np.array(d['train']['y'])
Xv, yv = np.array(d['val']['x']), np.array(d['val']['y'])
mu, sd = Xt.mean(0), Xt.std(0) + 1e-6
Xt, Xv = (Xt - mu) / sd, (Xv - mu) / sd
for lam in [1e-4, 1e-3, 1e-2, 1e-1, 1.0]:
    w = np.zeros(Xt.shape[1]); b = 0.0
    for it in range(3000):
        p = 1 / (1 + np.exp(-(Xt @ w + b)))
        g = Xt.T @ (p - yt) / len(yt) + lam * w
        w -= 0.1 * g; b -= 0.1 * (p - yt).mean()
    tr = ((Xt @ w + b > 0) == yt).mean(); va = ((Xv @ w + b > 0) == yv).mean()
    print(f"lam {lam}: train {tr:.3f} val {va:.3f}")
# kNN
D = ((Xv[:, None, :] - Xt[None]) ** 2).sum(-1)
for k in [1, 5, 15]:
    idx = np.argsort(D, 1)[:, :k]; pred = (yt[idx].mean(1) > 0.5)
    print(f"knn{k}: val {(pred == yv).mean():.3f}")
