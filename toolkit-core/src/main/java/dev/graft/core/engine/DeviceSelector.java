package dev.graft.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Turns a {@code --device} value into a DJL device: {@code auto} (the first GPU if the PyTorch
 * engine sees one, else CPU), {@code cpu}, {@code cuda} or {@code cuda:N}. Asking for CUDA where
 * there is none fails loudly; it never falls back to the CPU silently.
 */
public final class DeviceSelector {

    private DeviceSelector() {}

    /**
     * Resolves a device name.
     *
     * @param name {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
     * @return the device
     * @throws IllegalArgumentException if the name is malformed or the GPU does not exist
     */
    public static Device select(String name) {
        return select(name, Engine.getEngine("PyTorch").getGpuCount());
    }

    /**
     * Resolves a device name given the number of visible GPUs.
     *
     * @param name {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
     * @param gpuCount how many GPUs the engine sees
     * @return the device
     * @throws IllegalArgumentException if the name is malformed or the GPU does not exist
     */
    public static Device select(String name, int gpuCount) {
        String value = name == null ? "auto" : name.trim();
        if (value.equals("auto")) {
            return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (value.equals("cpu")) {
            return Device.cpu();
        }
        if (value.equals("cuda") || value.startsWith("cuda:")) {
            int index;
            try {
                index = value.equals("cuda") ? 0 : Integer.parseInt(value.substring(5));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bad device '" + name + "'; use auto, cpu, cuda or cuda:N.", e);
            }
            if (index < 0 || index >= gpuCount) {
                throw new IllegalArgumentException(
                        "device "
                                + value
                                + " asked for a CUDA GPU, but the PyTorch engine sees "
                                + gpuCount
                                + " GPU(s). Build with the CUDA profile (mvn -Pcuda) on a machine with an"
                                + " NVIDIA driver, or use device cpu.");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("bad device '" + name + "'; use auto, cpu, cuda or cuda:N.");
    }
}
