#!/bin/bash
cd /work/wt-emaswa
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
W=/work/shared/assets/weights/mobilenet_v2/weights.pth
for seed in 1 2; do
  for variant in plain ema swa; do
    extra=""
    [ $variant = ema ] && extra="--ema 0.999"
    [ $variant = swa ] && extra="--swa-epochs 3"
    out=/tmp/emaswa-exp/$variant-$seed
    start=$(date +%s)
    java -jar toolkit-cli/target/graft-cli.jar finetune --data /work/shared/assets/datasets/hymenoptera --arch mobilenet_v2 \
      --weights $W --image-size 128 --freeze stage4 --epochs 10 --seed $seed $extra --out $out --overwrite --quiet \
      > $out.log 2>&1
    echo "$variant seed $seed rc $? $(( $(date +%s) - start ))s"
  done
done
