#!/bin/bash
# PneumoniaMNIST official val/test (train 388 normal : 3494 pneumonia), frozen ImageNet MobileNetV2 at 64 px:
# default shuffling + cross-entropy vs --sampler balanced vs --loss focal (gamma 2). One seed (42), defaults otherwise.
# Usage: experiments/imbalance-pneumonia/run.sh OUT_DIR   (then: python3 table.py OUT_DIR)
set -euo pipefail
OUT=${1:?out dir}
ASSETS=${GRAFT_ASSETS:-/work/shared/assets}
D=$ASSETS/datasets/pneumoniamnist/pneumoniamnist_official_val_test.npz
W=$ASSETS/weights/mobilenet_v2/weights.pth
J=$(dirname "$0")/../../toolkit-cli/target/graft-cli.jar
for v in "default:" "balanced:--sampler balanced" "focal:--loss focal"; do
  name=${v%%:*}; extra=${v#*:}
  java -jar "$J" finetune --data "$D" --arch mobilenet_v2 --weights "$W" --image-size 64 --freeze all --device cpu $extra \
      --out "$OUT/$name" > "$OUT/$name.log" 2>&1
done
