#!/bin/bash
# Image + metadata evidence on synthetic lesions (issue 18): the melanoma rate is logistic in the
# patient's age (and shifted by body site), and the image shows the true diagnosis 85 % of the time,
# so the label depends partly on the image and partly on the metadata. The same frozen ImageNet
# MobileNetV2 trunk (64 px, features cached) trains a linear head on the image only, and on the
# image with age and site beside it (--metadata age,site), over several seeds; table.py reports mean,
# standard deviation and range of val/test AUC and accuracy and whether the margin clears the spread.
# Needs a built project, python3 (standard library only) and the MobileNetV2 weights.
# Usage: experiments/metadata-lesions/run.sh [OUT] [WEIGHTS] [SEEDS]   (GRAFT="java -jar ..." overrides the launcher)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
GRAFT=${GRAFT:-$HERE/../../graft}
OUT=$(realpath -m "${1:-exp-out}")
W=${2:-$HERE/../../../shared/assets/weights/mobilenet_v2/weights.safetensors}
SEEDS=${3:-1 2 3}
mkdir -p "$OUT/runs"
if [ ! -f "$OUT/test/labels.csv" ]; then
  CP="$HERE/../../datasets/target/classes"
  printf '%s\n' \
    "new dev.graft.datasets.synthetic.MetadataLesions(600, 64, 101, 2.0, 0.85).generate(java.nio.file.Path.of(\"$OUT/train\"));" \
    "new dev.graft.datasets.synthetic.MetadataLesions(200, 64, 202, 2.0, 0.85).generate(java.nio.file.Path.of(\"$OUT/val\"));" \
    "new dev.graft.datasets.synthetic.MetadataLesions(400, 64, 303, 2.0, 0.85).generate(java.nio.file.Path.of(\"$OUT/test\"));" \
    "/exit" > "$OUT/gen.jsh"
  jshell --class-path "$CP" "$OUT/gen.jsh"
fi
COMMON="--data $OUT/train/labels.csv --val $OUT/val/labels.csv --test $OUT/test/labels.csv --arch mobilenet_v2 --weights $W
  --freeze all --image-size 64 --resize 64 --batch-size 32 --lr 1e-2 --epochs 20 --patience 0 --metric auc
  --device cpu"
for S in $SEEDS; do
  [ -f "$OUT/runs/image-$S/metrics.json" ] || $GRAFT finetune $COMMON --seed "$S" --out "$OUT/runs/image-$S" --overwrite
  [ -f "$OUT/runs/metadata-$S/metrics.json" ] || $GRAFT finetune $COMMON --metadata age:num,site:cat --seed "$S" \
    --out "$OUT/runs/metadata-$S" --overwrite
done
python3 "$HERE/table.py" "$OUT"
