#!/usr/bin/env bash
# Training speed of Graft against the PyTorch peer, interleaved: for each architecture, PAIRS pairs of
# (graft bench, pytorch_peer.py) runs at 224², batch 32, all layers trainable, alternating which goes
# first, so both see the same machine load. Prints each pair's ratio (graft / peer images/s) and the
# median with the spread. Needs Debian's python3-torch and python3-torchvision for the peer.
#
#   experiments/backbone-bench/run.sh [PAIRS] [ARCH ...]
#   PAIRS defaults to 3; the architectures default to the five of issue 14.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="${PEER:-$root/../shared/bench/pytorch_peer.py}"
pairs="${1:-3}"
shift || true
archs=("$@")
[ ${#archs[@]} -eq 0 ] && archs=(efficientnet_b0 densenet121 mobilenet_v3_large convnext_tiny vit_b_16)
common=(--arch ARCH --image-size 224 --batch-size 32 --rounds "${ROUNDS:-3}" --steps "${STEPS:-3}")

rate() { sed -n 's/.*mode=train.* img_per_s=\([0-9.]*\).*/\1/p' | head -1; }

for arch in "${archs[@]}"; do
  args=("${common[@]/ARCH/$arch}")
  ratios=()
  for ((i = 1; i <= pairs; i++)); do
    if ((i % 2)); then
      g=$("$root/graft" bench "${args[@]}" 2>/dev/null | rate)
      p=$(/usr/bin/python3 "$peer" "${args[@]}" --modes train 2>/dev/null | rate)
    else
      p=$(/usr/bin/python3 "$peer" "${args[@]}" --modes train 2>/dev/null | rate)
      g=$("$root/graft" bench "${args[@]}" 2>/dev/null | rate)
    fi
    r=$(awk -v g="$g" -v p="$p" 'BEGIN { printf "%.2f", g / p }')
    ratios+=("$r")
    echo "$arch pair $i: graft $g img/s, peer $p img/s, ratio $r"
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk -v a="$arch" '{ v[NR] = $1 } END {
    printf "%s ratio median %.2f (min %.2f, max %.2f, %d pairs)\n", a, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
done
