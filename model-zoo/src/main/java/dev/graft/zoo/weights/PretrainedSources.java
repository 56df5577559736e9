package dev.graft.zoo.weights;

import java.util.List;
import java.util.Map;

/**
 * Where ImageNet-pretrained weights for each built-in architecture can be had, as {@code
 * --weights} values: {@code djl://} names in DJL's PyTorch model zoo (TorchScript ResNets),
 * {@code hf://} timm repositories whose tensors carry torchvision's names (timm's ResNets do; its
 * other families use names of their own that no importer maps yet), and torchvision's own
 * {@code .pth} files, which every architecture here can load because it uses torchvision's
 * parameter names. Only sources known to exist and load are listed.
 */
public final class PretrainedSources {

    /** What every torchvision architecture can load. */
    private static final String TORCHVISION = "torchvision's .pth file for the architecture (download it, pass the file)";

    private static final Map<String, List<String>> BY_ARCHITECTURE = Map.ofEntries(
            Map.entry("resnet18", List.of("djl://ai.djl.pytorch/resnet18", "hf://timm/resnet18.tv_in1k", TORCHVISION)),
            Map.entry("resnet34", List.of("hf://timm/resnet34.tv_in1k", TORCHVISION)),
            Map.entry("resnet50", List.of("djl://ai.djl.pytorch/resnet50", "hf://timm/resnet50.tv_in1k", TORCHVISION)));

    /** Architectures built only to test configurations: no weights exist for them. */
    private static final List<String> NONE = List.of("convnext_small_config", "vit_small_config");

    private PretrainedSources() {}

    /**
     * The known sources of pretrained weights for an architecture.
     *
     * @param architecture the architecture's registered name
     * @return the sources, most convenient first; empty when none is known
     */
    public static List<String> of(String architecture) {
        if (NONE.contains(architecture) || architecture.contains("onnx")) {
            return List.of();
        }
        return BY_ARCHITECTURE.getOrDefault(architecture, List.of(TORCHVISION));
    }

    /**
     * The sources as one short phrase for a table or a warning.
     *
     * @param architecture the architecture's registered name
     * @return e.g. {@code djl://ai.djl.pytorch/resnet18, hf://timm/resnet18.tv_in1k, torchvision .pth}, or {@code none known}
     */
    public static String describe(String architecture) {
        List<String> sources = of(architecture);
        return sources.isEmpty() ? "none known" : String.join(", ", sources.stream()
                .map(s -> s.equals(TORCHVISION) ? "torchvision's .pth file" : s).toList());
    }
}
