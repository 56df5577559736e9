#!/bin/bash
# Proves a refactor changes no result: six runs (frozen trunk with class weights and train-val,
# augmentation, mixup, step schedule with label smoothing and AUC selection, hard sharing with a task
# that stops and a regression task, soft sharing with uncertainty weighting and augmentation) on 160
# synthetic lesions at 48 px from ImageNet MobileNetV2, with two builds of graft; then compares
# metrics.json byte for byte and history.csv without its timing columns.
# Usage: run.sh OLD_JAR_DIR NEW_JAR_DIR OUT [WEIGHTS]   (a JAR_DIR holds graft-cli.jar and lib/)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OLD=$1; NEW=$2; OUT=$(realpath -m "$3")
W=${4:-$HERE/../../../shared/assets/weights/mobilenet_v2/weights.safetensors}
export OPT_OUT_TRACKING=true DJL_OFFLINE=true MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=17179869184
mkdir -p "$OUT"
if [ ! -f "$OUT/pool/labels.csv" ]; then
  printf '%s\n' "new dev.graft.datasets.synthetic.SyntheticLesions(160, 48, 101).generate(java.nio.file.Path.of(\"$OUT/pool\"));" "/exit" > "$OUT/gen.jsh"
  jshell --class-path "$HERE/../../datasets/target/classes" "$OUT/gen.jsh"
fi
runs() {
  local jar=$1 o=$2
  g() { java -Xmx4g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar/graft-cli.jar" "$@" 2>/dev/null; }
  local C="--data $OUT/pool/labels.csv --arch mobilenet_v2 --weights $W --image-size 48 --resize 48 --batch-size 16 --device cpu"
  rm -rf "$o"; mkdir -p "$o"
  g finetune $C --freeze all --epochs 3 --class-weight melanoma=2 --train-val-fraction 0.1 --out "$o/frozen" > "$o/frozen.txt"
  g finetune $C --freeze stage3 --epochs 2 --augment hflip,rotate=10 --out "$o/aug" > "$o/aug.txt"
  g finetune $C --freeze stage3 --epochs 2 --augment mixup=0.2 --out "$o/mixup" > "$o/mixup.txt"
  g finetune $C --freeze stage4 --epochs 3 --schedule step --label-smoothing 0.1 --metric auc --optimizer sgd --lr 0.01 --out "$o/step" > "$o/step.txt"
  g finetune $C --freeze stage3 --epochs 3 --tasks "$HERE/hard.yaml" --out "$o/hard" > "$o/hard.txt"
  g finetune $C --freeze stage4 --epochs 3 --tasks "$HERE/soft.yaml" --augment hflip --out "$o/soft" > "$o/soft.txt"
}
runs "$OLD" "$OUT/old"
runs "$NEW" "$OUT/new"
status=0
for r in frozen aug mixup step hard soft; do
  if cmp -s "$OUT/old/$r/metrics.json" "$OUT/new/$r/metrics.json" \
      && cmp -s <(cut -d, -f1-10 "$OUT/old/$r/history.csv") <(cut -d, -f1-10 "$OUT/new/$r/history.csv"); then
    echo "$r: identical"
  else
    echo "$r: DIFFERS"; status=1
  fi
done
exit $status
