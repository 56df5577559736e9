package dev.graft.tensorflow;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import dev.graft.datasets.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Starts DJL's TensorFlow engine without downloading anything. DJL's own natives jar
 * ({@code ai.djl.tensorflow:tensorflow-native-cpu:2.16.1}) is not on Maven Central, and without it
 * DJL fetches natives from its website at first use; TensorFlow Java's {@code
 * org.tensorflow:tensorflow-core-native:1.0.0-rc.1:linux-x86_64} jar holds the same TensorFlow
 * 2.16.1 libraries (DJL's {@code tensorflow-api} repackages that very TensorFlow Java release).
 * They are unpacked once from the class path into DJL's engine cache, and the folder is handed to
 * the engine through {@code TENSORFLOW_LIBRARY_PATH}, the override DJL's {@code LibUtils} reads
 * first. A {@code TENSORFLOW_LIBRARY_PATH} the user set wins.
 */
final class TensorFlowNatives {

    /** The variable (or system property) DJL's TensorFlow engine reads its natives folder from. */
    static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";

    /** The JNI library DJL looks for in that folder. */
    static final String JNI = "libjnitensorflow.so";

    /** Where TensorFlow Java keeps the natives in its jar. */
    private static final String RESOURCES = "org/tensorflow/internal/c_api/linux-x86_64/";

    private static final List<String> LIBRARIES = List.of(JNI, "libtensorflow_framework.so.2", "libtensorflow_cc.so.2");

    /** The cache folder's name: TensorFlow version, flavour, platform and where the files came from. */
    private static final String FOLDER = "2.16.1-cpu-linux-x86_64-tensorflow-core-native-1.0.0-rc.1";

    private static final String WHAT_TO_DO = "build Graft with -P tensorflow on linux-x86_64 (it brings"
            + " org.tensorflow:tensorflow-core-native:1.0.0-rc.1:linux-x86_64), or set " + LIBRARY_PATH
            + " to a folder holding TensorFlow 2.16.1's " + JNI + ".";

    private static boolean started;

    private TensorFlowNatives() {}

    /**
     * Starts the TensorFlow engine once per process.
     *
     * @throws IOException in one line naming what is missing and what to do, if the natives are not
     *     there or do not load
     */
    static synchronized void start() throws IOException {
        if (started) {
            return;
        }
        String chosen = Utils.getEnvOrSystemProperty(LIBRARY_PATH);
        if (chosen == null) {
            chosen = unpack().toString();
            System.setProperty(LIBRARY_PATH, chosen);
        } else if (!holdsJni(chosen)) {
            throw new IOException(LIBRARY_PATH + " is " + chosen + ", where there is no " + JNI + "; unset it, or " + WHAT_TO_DO);
        }
        // JavaCPP would otherwise unpack its own second copy of the libraries from the jar.
        if (System.getProperty("org.bytedeco.javacpp.pathsFirst") == null) {
            System.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
        }
        try {
            Engine.getEngine("TensorFlow");
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("TensorFlow 2.16.1 did not start from " + chosen + ": " + rootMessage(e) + "; " + WHAT_TO_DO, e);
        }
        started = true;
    }

    private static boolean holdsJni(String folders) {
        for (String folder : folders.split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isRegularFile(Path.of(folder).resolve(JNI))) {
                return true;
            }
        }
        return false;
    }

    /** Unpacks the libraries into the engine cache, unless an earlier run did: into a temporary folder, then a rename. */
    private static Path unpack() throws IOException {
        ClassLoader loader = TensorFlowNatives.class.getClassLoader();
        if (loader.getResource(RESOURCES + JNI) == null) {
            throw new IOException("TensorFlow natives are missing: no " + RESOURCES + JNI + " on the class path and "
                    + LIBRARY_PATH + " is not set; " + WHAT_TO_DO);
        }
        Path cache = Utils.getEngineCacheDir("tensorflow");
        Path folder = cache.resolve(FOLDER);
        if (Files.isRegularFile(folder.resolve(JNI))) {
            return folder;
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, "tmp");
        try {
            for (String library : LIBRARIES) {
                try (InputStream in = loader.getResourceAsStream(RESOURCES + library)) {
                    if (in == null) {
                        throw new IOException("TensorFlow natives are incomplete: no " + RESOURCES + library + " on the class path; "
                                + WHAT_TO_DO);
                    }
                    Files.copy(in, tmp.resolve(library), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try {
                Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another process unpacked them first
            }
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
        return folder;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse(root.getClass().getSimpleName());
    }
}
