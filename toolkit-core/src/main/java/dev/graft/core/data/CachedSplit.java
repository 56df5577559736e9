package dev.graft.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.ImageLoader;
import dev.graft.datasets.image.SkippedImage;
import java.io.IOException;
import dev.graft.datasets.image.Normalization;
import dev.graft.core.progress.Progress;
import dev.graft.core.progress.ProgressTask;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A split decoded once into memory as 8-bit CHW pixels at the model's input size (a 224² image
 * takes 147 KB), from which normalised batches are made. Images skipped by the bad-image policy
 * are left out of the pixels and listed with their reasons.
 *
 * @param images the images kept, in dataset order
 * @param labels their class indices
 * @param pixels their CHW bytes
 * @param side the image side
 * @param skipped the images the bad-image policy left out, in dataset order
 * @param metadata each kept image's encoded metadata (the model's second input), or {@code null}
 *     when the model reads images only
 */
public record CachedSplit(List<LabeledImage> images, int[] labels, byte[][] pixels, int side, List<SkippedImage> skipped,
        float[][] metadata) {

    /** Copies the list of skipped images. */
    public CachedSplit {
        skipped = List.copyOf(skipped);
    }

    /**
     * A split without metadata.
     *
     * @param images the images
     * @param labels their class indices
     * @param pixels their CHW bytes
     * @param side the image side
     * @param skipped the images the bad-image policy left out
     */
    public CachedSplit(List<LabeledImage> images, int[] labels, byte[][] pixels, int side, List<SkippedImage> skipped) {
        this(images, labels, pixels, side, skipped, null);
    }

    /**
     * Returns this split with each image's encoded metadata.
     *
     * @param encoding the run's metadata encoding
     * @param what how to name the data in a refusal
     * @return the split, which feeds the metadata beside the image
     * @throws DatasetException naming a metadata column the rows lack or cannot be read
     */
    public CachedSplit withMetadata(dev.graft.datasets.metadata.MetadataEncoding encoding, String what) throws DatasetException {
        return new CachedSplit(images, labels, pixels, side, skipped, encoding.encode(images, what));
    }

    /**
     * The model's inputs for some images beside their image features: the features alone, or the
     * features and the images' metadata rows.
     *
     * @param scope the manager to own the metadata array
     * @param indices which images
     * @param features their image features (or pixels)
     * @return {@code (features)} or {@code (features, metadata [n, D])}
     */
    public ai.djl.ndarray.NDList inputs(NDManager scope, int[] indices, NDArray features) {
        if (metadata == null) {
            return new ai.djl.ndarray.NDList(features);
        }
        int width = metadata.length == 0 ? 0 : metadata[0].length;
        float[] rows = new float[indices.length * width];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(metadata[indices[i]], 0, rows, i * width, width);
        }
        return new ai.djl.ndarray.NDList(features, scope.create(rows, new Shape(indices.length, width)));
    }

    /**
     * A split with no skipped images.
     *
     * @param images the images
     * @param labels their class indices
     * @param pixels their CHW bytes
     * @param side the image side
     */
    public CachedSplit(List<LabeledImage> images, int[] labels, byte[][] pixels, int side) {
        this(images, labels, pixels, side, List.of());
    }

    /**
     * Decodes a dataset in parallel (order is kept).
     *
     * @param dataset the split
     * @param loader the decoder with size and bad-image policy
     * @return the cached split
     * @throws DatasetException if an image cannot be decoded and the policy is FAIL
     */
    public static CachedSplit decode(ImageDataset dataset, ImageLoader loader) throws DatasetException {
        List<LabeledImage> all = dataset.images();
        Object[] decoded = new Object[all.size()];
        try (ProgressTask task = Progress.task("decoding " + all.size() + " images", all.size(), "img")) {
            IntStream.range(0, all.size()).parallel().forEach(i -> {
                try {
                    decoded[i] = loader.decode(all.get(i));
                } catch (IOException e) {
                    try {
                        decoded[i] = loader.skip(all.get(i), e);
                    } catch (DatasetException failed) {
                        throw new DecodeFailure(failed);
                    }
                }
                task.step();
            });
        } catch (DecodeFailure f) {
            throw f.cause;
        }
        List<LabeledImage> kept = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        List<SkippedImage> skipped = new ArrayList<>();
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] instanceof float[] chw) {
                kept.add(all.get(i));
                pixels.add(toBytes(chw));
            } else {
                skipped.add((SkippedImage) decoded[i]);
            }
        }
        int[] labels = kept.stream().mapToInt(LabeledImage::label).toArray();
        return new CachedSplit(kept, labels, pixels.toArray(new byte[0][]), loader.crop(), skipped);
    }

    private static byte[] toBytes(float[] chw) {
        byte[] bytes = new byte[chw.length];
        for (int i = 0; i < chw.length; i++) {
            bytes[i] = (byte) Math.round(chw[i] * 255f);
        }
        return bytes;
    }

    /** @return the number of images */
    public int size() {
        return labels.length;
    }

    /**
     * Makes a normalised float batch.
     *
     * @param manager the manager to own the array
     * @param indices which images
     * @param normalization the input normalisation
     * @return an {@code [n, 3, side, side]} array
     */
    public NDArray batch(NDManager manager, int[] indices, Normalization normalization) {
        int plane = side * side;
        float[] values = new float[indices.length * 3 * plane];
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        for (int b = 0; b < indices.length; b++) {
            byte[] image = pixels[indices[b]];
            int base = b * 3 * plane;
            for (int c = 0; c < 3; c++) {
                float m = mean[c];
                float inv = 1f / (255f * std[c]);
                float offset = m / std[c];
                for (int i = c * plane, end = i + plane; i < end; i++) {
                    values[base + i] = (image[i] & 0xFF) * inv - offset;
                }
            }
        }
        return manager.create(values, new Shape(indices.length, 3, side, side));
    }

    /**
     * Returns one image's values in [0, 1].
     *
     * @param index the image
     * @return its CHW values
     */
    public float[] image(int index) {
        byte[] image = pixels[index];
        float[] chw = new float[image.length];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (image[i] & 0xFF) / 255f;
        }
        return chw;
    }

    /**
     * Augments and normalises images into one host array, the images in parallel; each image
     * is seeded by (seed, epoch, its index), so the result does not depend on the threads.
     *
     * @param indices which images
     * @param normalization the input normalisation
     * @param pipeline the augmentation
     * @param seed the run seed
     * @param epoch the epoch
     * @return {@code n × 3 × side × side} values
     */
    public float[] augmented(int[] indices, Normalization normalization, AugmentPipeline pipeline, long seed, int epoch) {
        return augmented(indices, indices, normalization, pipeline, seed, epoch);
    }

    /**
     * Augments and normalises images, each seeded by (seed, epoch, its draw), so an image drawn
     * twice in an epoch can be augmented twice differently.
     *
     * @param indices which images
     * @param draws the number seeding each image's random choices (its index when drawn once)
     * @param normalization the input normalisation
     * @param pipeline the augmentation
     * @param seed the run seed
     * @param epoch the epoch
     * @return {@code n × 3 × side × side} values
     */
    public float[] augmented(int[] indices, int[] draws, Normalization normalization, AugmentPipeline pipeline, long seed, int epoch) {
        int size = 3 * side * side;
        float[] values = new float[indices.length * size];
        IntStream.range(0, indices.length).parallel().forEach(b -> System.arraycopy(
                normalization.apply(pipeline.apply(image(indices[b]), side, seed, epoch, draws[b])), 0, values, b * size, size));
        return values;
    }

    /**
     * Returns an augmented view of the whole split (kept as 8-bit pixels, like the original), for
     * test-time augmentation.
     *
     * @param pipeline the augmentation
     * @param seed the seed
     * @param view which view (views differ in their random draws)
     * @return the view
     */
    public CachedSplit augmentedView(AugmentPipeline pipeline, long seed, int view) {
        byte[][] out = new byte[pixels.length][];
        IntStream.range(0, pixels.length).parallel().forEach(i -> out[i] = toBytes(pipeline.apply(image(i), side, seed, view, i)));
        return new CachedSplit(images, labels, out, side, skipped, metadata);
    }

    /**
     * Measures normalisation statistics on these (training) images.
     *
     * @return the per-channel mean and standard deviation
     */
    public Normalization statistics() {
        Normalization.Accumulator accumulator = new Normalization.Accumulator();
        float[] chw = new float[3 * side * side];
        for (byte[] image : pixels) {
            for (int i = 0; i < chw.length; i++) {
                chw[i] = (image[i] & 0xFF) / 255f;
            }
            accumulator.add(chw);
        }
        return accumulator.result();
    }

    /** Carries a checked exception out of a parallel stream. */
    private static final class DecodeFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient DatasetException cause;

        DecodeFailure(DatasetException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
