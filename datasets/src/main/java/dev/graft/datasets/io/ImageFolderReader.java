package dev.graft.datasets.io;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.FileImage;
import dev.graft.datasets.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads ImageFolder trees: {@code root/<class>/<image>}, class names sorted alphabetically as
 * torchvision does. A root holding {@code train/} (and optionally {@code val/}, {@code test/}) is
 * read by {@link DatasetReader}, one tree per split, with the class list of {@code train/}.
 */
public final class ImageFolderReader {

    /** File name extensions read as images. */
    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "gif", "bmp", "wbmp");

    private final ImageDecoder decoder;

    /**
     * Creates a reader.
     *
     * @param decoder the decoder the returned images use
     */
    public ImageFolderReader(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * Reads a tree, discovering the class names from its sub-folders.
     *
     * @param root the folder holding one sub-folder per class
     * @return the dataset
     * @throws DatasetException if the folder is missing, has no class folders, or a class is empty
     */
    public ImageDataset read(Path root) throws DatasetException {
        return read(root, classFolders(root));
    }

    /**
     * Reads a tree whose classes must be a subset of given names (for val/test trees).
     *
     * @param root the folder holding one sub-folder per class
     * @param classNames the class names, in label order
     * @return the dataset
     * @throws DatasetException if a folder names an unknown class or a class folder is empty
     */
    public ImageDataset read(Path root, List<String> classNames) throws DatasetException {
        List<String> found = classFolders(root);
        List<LabeledImage> images = new ArrayList<>();
        for (String name : found) {
            int label = classNames.indexOf(name);
            if (label < 0) {
                throw new DatasetException(
                        root.resolve(name)
                                + ": class '"
                                + name
                                + "' is not among the training classes "
                                + classNames
                                + ". Rename the folder or add the class to the training data.");
            }
            List<Path> files = imageFiles(root.resolve(name));
            if (files.isEmpty()) {
                throw new DatasetException(
                        root.resolve(name)
                                + ": class folder is empty (no "
                                + String.join("/", IMAGE_EXTENSIONS.stream().sorted().toList())
                                + " files). Add images or remove the folder.");
            }
            for (Path file : files) {
                images.add(LabeledImage.of(new FileImage(file, decoder), label));
            }
        }
        return new ImageDataset(classNames, images);
    }

    private static List<String> classFolders(Path root) throws DatasetException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": no such folder.");
        }
        try (Stream<Path> children = Files.list(root)) {
            List<String> names =
                    children.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith("."))
                            .sorted()
                            .toList();
            if (names.isEmpty()) {
                throw new DatasetException(
                        root
                                + ": no class folders. Expected "
                                + root
                                + "/<class>/<image>.jpg, one folder per class.");
            }
            return names;
        } catch (IOException e) {
            throw new DatasetException(root + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static List<Path> imageFiles(Path folder) throws DatasetException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(ImageFolderReader::isImage).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(folder + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    /**
     * Tells whether a file name has an image extension.
     *
     * @param file the file
     * @return true for jpg, jpeg, png, gif, bmp
     */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0
                && !name.startsWith(".")
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
