#!/bin/bash
# Multi-task evidence on synthetic lesions (issue 4): single task on N labelled diagnoses vs the
# same rows with the ABCD attributes as auxiliary tasks (hard and soft sharing), several seeds.
# Needs a built project (./graft works), python3 (standard library only) and the MobileNetV2
# weights. Usage: experiments/multitask-lesions/run.sh [OUT] [WEIGHTS]; then table.py OUT.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
GRAFT="$HERE/../../graft"
OUT=$(realpath -m "${1:-exp-out}")
W=${2:-$HERE/../../../shared/assets/weights/mobilenet_v2/weights.safetensors}
mkdir -p "$OUT/runs"
if [ ! -f "$OUT/test/labels.csv" ]; then
  CP="$HERE/../../datasets/target/classes"
  printf '%s\n' \
    "new dev.graft.datasets.synthetic.SyntheticLesions(600, 64, 101).generate(java.nio.file.Path.of(\"$OUT/pool\"));" \
    "new dev.graft.datasets.synthetic.SyntheticLesions(200, 64, 202).generate(java.nio.file.Path.of(\"$OUT/val\"));" \
    "new dev.graft.datasets.synthetic.SyntheticLesions(400, 64, 303).generate(java.nio.file.Path.of(\"$OUT/test\"));" \
    "/exit" > "$OUT/gen.jsh"
  jshell --class-path "$CP" "$OUT/gen.jsh"
fi
python3 "$HERE/make_data.py" "$OUT" 60 1,2,3,4,5
COMMON="--arch mobilenet_v2 --weights $W --freeze stage3 --image-size 64 --resize 64 --batch-size 32 --lr 1e-3 --patience 0
  --val $OUT/val.csv --test $OUT/test.csv --device cpu"
for S in 1 2 3 4 5; do
  [ -f "$OUT/runs/single-$S/metrics.json" ] || "$GRAFT" finetune --data "$OUT/st$S.csv" $COMMON --seed $S --epochs 100 --out "$OUT/runs/single-$S"
  [ -f "$OUT/runs/masked-$S/metrics.json" ] || "$GRAFT" finetune --data "$OUT/mt$S.csv" --tasks "$HERE/main-only.yaml" $COMMON --seed $S --epochs 20 --out "$OUT/runs/masked-$S"
  for C in hard soft; do
    [ -f "$OUT/runs/$C-$S/metrics.json" ] || "$GRAFT" finetune --data "$OUT/mt$S.csv" --tasks "$HERE/$C.yaml" $COMMON --seed $S --epochs 20 --out "$OUT/runs/$C-$S"
  done
done
python3 "$HERE/table.py" "$OUT"
