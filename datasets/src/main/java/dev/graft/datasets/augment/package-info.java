/**
 * Image augmentation: geometric and photometric operations on CHW float images in [0, 1], a
 * pipeline parsed from a compact spec ({@code hflip,rotate=20,rrc=0.6-1.0,jitter=0.2}), seeded per
 * image so results do not depend on threads, batch-level mixup and cutmix, and refusal of
 * operations a task's labels are not invariant to. The names a spec can use are registered in
 * {@link dev.graft.datasets.augment.AugmentOperations}; plug-ins add theirs through an
 * {@link dev.graft.datasets.augment.AugmentOperationProvider}.
 */
package dev.graft.datasets.augment;
