package dev.graft.core.run;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.io.DatasetReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the labelled images {@code evaluate} and {@code predict --data} work on. */
public final class LabelledData {

    private LabelledData() {}

    /**
     * Reads data against a model's classes: an NPZ archive gives its test split (else val); a
     * folder with split sub-trees gives {@code test/} (else {@code val/}); other folders and CSV
     * manifests are read whole.
     *
     * @param path the data
     * @param classNames the model's classes
     * @return the images
     * @throws DatasetException if the data cannot be read or names unknown classes
     */
    public static ImageDataset read(Path path, List<String> classNames) throws DatasetException {
        DatasetReader reader = new DatasetReader(ImageDecoder.standard());
        boolean splitTree = Files.isDirectory(path.resolve("train"));
        if (path.toString().endsWith(".npz") || splitTree) {
            DatasetReader.Source source = reader.read(path);
            ImageDataset chosen = source.test() != null ? source.test() : source.val();
            if (chosen == null) {
                throw new DatasetException(path + " has no test or val split to evaluate on.");
            }
            if (!chosen.classNames().equals(classNames) && !classNames.containsAll(chosen.classNames())) {
                throw new DatasetException(path + " has classes " + chosen.classNames() + ", the model knows " + classNames + ".");
            }
            return chosen;
        }
        return reader.readWithClasses(path, classNames);
    }

    /**
     * Reads a CSV manifest with its own classes, for a multi-task model whose tasks read columns.
     *
     * @param path the manifest
     * @return the images with every column
     * @throws DatasetException if it is not a CSV manifest or cannot be read
     */
    public static ImageDataset readManifest(Path path) throws DatasetException {
        if (!Files.isRegularFile(path) || !path.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            throw new DatasetException(path + " is not a CSV manifest; a multi-task model is evaluated on a CSV with its tasks' columns.");
        }
        return dev.graft.datasets.io.CsvManifestReader.standard(ImageDecoder.standard()).read(path);
    }
}
