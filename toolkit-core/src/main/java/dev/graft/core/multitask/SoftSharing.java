package dev.graft.core.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Soft parameter sharing: each task has its own trunk, all starting from the same pretrained
 * weights, and the loss adds {@code λ·Σᵢ<ⱼ Σₚ ‖θᵢₚ − θⱼₚ‖²} over corresponding parameters of the
 * soft-shared part, so trunks may drift apart only as far as it pays.
 */
public final class SoftSharing {

    private SoftSharing() {}

    /**
     * Computes the penalty.
     *
     * @param trunks each task's soft-shared parameters by name (the same names in each)
     * @param lambda the strength λ
     * @param scope the manager the penalty and its temporaries belong to (the step's)
     * @return the scalar penalty
     * @throws IllegalArgumentException if a parameter is missing from a trunk
     */
    public static NDArray penalty(List<Map<String, Parameter>> trunks, double lambda, NDManager scope) {
        NDArray total = null;
        for (int i = 0; i < trunks.size(); i++) {
            for (int j = i + 1; j < trunks.size(); j++) {
                for (Map.Entry<String, Parameter> p : trunks.get(i).entrySet()) {
                    Parameter other = trunks.get(j).get(p.getKey());
                    if (other == null) {
                        throw new IllegalArgumentException("trunk " + j + " has no parameter " + p.getKey());
                    }
                    NDArray d = p.getValue().getArray().sub(other.getArray());
                    d.attach(scope);
                    NDArray term = d.mul(d).sum();
                    total = total == null ? term : total.add(term);
                }
            }
        }
        if (total == null) {
            throw new IllegalArgumentException("soft sharing needs at least two trunks with parameters");
        }
        return total.mul(MultiTaskLoss.scalar(total, lambda));
    }
}
