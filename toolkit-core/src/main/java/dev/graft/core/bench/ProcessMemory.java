package dev.graft.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's memory use from {@code /proc/self/status} (Linux); -1 elsewhere. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** @return the resident set size now, in MB */
    public static double residentMegabytes() {
        return field("VmRSS:");
    }

    /** @return the peak resident set size so far, in MB */
    public static double peakResidentMegabytes() {
        return field("VmHWM:");
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
