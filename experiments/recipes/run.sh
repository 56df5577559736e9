#!/bin/bash
# Issue 18's recipe measurements: ants/bees (val accuracy) and PneumoniaMNIST at 64 px (official val/test
# splits, test AUC), two seeds each, the recipes and the ablation of the best recipe's ingredients.
# Usage: experiments/recipes/run.sh OUT_DIR   (then: python3 experiments/recipes/table.py OUT_DIR)
# About 45 minutes on 2 quiet cores.
set -euo pipefail
OUT=$(realpath -m "${1:?out dir}"); mkdir -p "$OUT"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
A=${GRAFT_ASSETS:-$ROOT/../shared/assets}
H=$A/datasets/hymenoptera; P=$A/datasets/pneumoniamnist/pneumoniamnist_official_val_test.npz
W=$A/weights/mobilenet_v2/weights.pth
run() { local name=$1; shift; [ -f "$OUT/$name/metrics.json" ] || "$ROOT/graft" finetune --quiet --out "$OUT/$name" "$@" > "$OUT/$name.log" 2>&1; }
AB="--data $H/train --val $H/val --arch mobilenet_v2 --weights $W"
PN="--data $P --arch mobilenet_v2 --weights $W --image-size 64 --resize 64 --metric auc"
AUG="--augment hflip,rrc=0.8-1.0"
for s in 42 7; do
  run ab-quick-$s $AB --recipe quick --seed $s
  run ab-best-$s $AB --recipe best --seed $s
  run pn-best-$s $PN --recipe best --seed $s
  # ablation of best on PneumoniaMNIST: one ingredient changed per row
  run pn-lr0.01-$s $PN --recipe best --lr 0.01 --seed $s
  run pn-noaug-$s $PN --recipe best --augment "" --seed $s
  run pn-noema-$s $PN --recipe best --ema 0 --seed $s
  run pn-linear-$s $PN --recipe best --head linear --seed $s
  run pn-frozen-$s $PN --recipe best --freeze all --seed $s
done
