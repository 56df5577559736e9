package dev.graft.datasets.io;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.split.DatasetSplits;
import dev.graft.datasets.split.SplitPlan;
import dev.graft.datasets.split.Splitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a dataset from the forms users keep: an ImageFolder tree (with or without {@code
 * train/ val/ test/} sub-trees), a CSV manifest, or a MedMNIST-style NPZ archive, and turns it
 * into the four splits. Splits the source already has are kept; the rest are carved from training
 * data by the {@link SplitPlan}.
 */
public final class DatasetReader {

    private final ImageDecoder decoder;

    /**
     * Creates a reader.
     *
     * @param decoder the decoder (pixel limit) used for image files
     */
    public DatasetReader(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * What a source holds: a training pool and the validation and test sets it came with, if any.
     *
     * @param train the training pool
     * @param val the given validation set, or {@code null}
     * @param test the given test set, or {@code null}
     */
    public record Source(ImageDataset train, ImageDataset val, ImageDataset test) {

        /**
         * Makes the four splits: given val/test are kept, missing ones are carved out of train.
         *
         * @param plan fractions for what must be carved, and the seed
         * @return the splits
         */
        public DatasetSplits splits(SplitPlan plan) {
            double val = this.val == null ? plan.valFraction() : 0;
            double test = this.test == null ? plan.testFraction() : 0;
            DatasetSplits carved =
                    Splitter.split(train, new SplitPlan(val, test, plan.trainValFraction(), plan.seed()));
            return new DatasetSplits(
                    carved.train(),
                    carved.trainVal(),
                    this.val == null ? carved.val() : this.val,
                    this.test == null ? carved.test() : this.test);
        }
    }

    /**
     * Reads a dataset path.
     *
     * @param path a folder, a {@code .csv} manifest or a {@code .npz} archive
     * @return its training pool and given splits
     * @throws DatasetException if the path is missing or malformed; the message says which file
     */
    public Source read(Path path) throws DatasetException {
        if (!Files.exists(path)) {
            throw new DatasetException(path + ": no such file or folder.");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path) && name.endsWith(".npz")) {
            Map<String, ImageDataset> splits = new NpzReader().read(path);
            return new Source(splits.get("train"), splits.get("val"), splits.get("test"));
        }
        if (Files.isRegularFile(path) && name.endsWith(".csv")) {
            return new Source(CsvManifestReader.standard(decoder).read(path), null, null);
        }
        if (Files.isDirectory(path)) {
            ImageFolderReader folders = new ImageFolderReader(decoder);
            if (Files.isDirectory(path.resolve("train"))) {
                ImageDataset train = folders.read(path.resolve("train"));
                return new Source(
                        train,
                        readOptional(folders, path.resolve("val"), train.classNames()),
                        readOptional(folders, path.resolve("test"), train.classNames()));
            }
            return new Source(folders.read(path), null, null);
        }
        throw new DatasetException(
                path + ": not a dataset; pass an ImageFolder directory, a .csv manifest or a .npz archive.");
    }

    /**
     * Reads a separate validation or test path against the training classes.
     *
     * @param path a folder or {@code .csv} manifest
     * @param classNames the training classes
     * @return the dataset
     * @throws DatasetException if the path is missing or holds unknown classes
     */
    public ImageDataset readWithClasses(Path path, List<String> classNames) throws DatasetException {
        if (Files.isRegularFile(path) && path.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return CsvManifestReader.standard(decoder).read(path, classNames);
        }
        return new ImageFolderReader(decoder).read(path, classNames);
    }

    private static ImageDataset readOptional(ImageFolderReader folders, Path dir, List<String> classNames)
            throws DatasetException {
        return Files.isDirectory(dir) ? folders.read(dir, classNames) : null;
    }
}
