package dev.graft.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.graft.zoo.weights.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Updates parameters from their gradients. Unlike DJL's optimisers, the state (momentum, moment
 * estimates) is kept by parameter name and can be saved and restored, which makes {@code
 * --resume} give exactly the result of an unbroken run. Weight decay skips 1-D parameters
 * (biases, BatchNorm scales), as timm does; L1 adds {@code l1·sign(θ)} to the gradient;
 * max-norm rescales each output unit's incoming weights to a norm of at most {@code maxNorm}.
 * SGD's momentum and Adam's β1 are 0.9 unless a schedule sets them per step ({@link #setMomentum},
 * one cycle); RMSProp has no momentum term.
 */
public final class Optimizer {

    private static final float MOMENTUM = 0.9f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float ALPHA = 0.99f;
    private static final float EPSILON = 1e-8f;

    private final OptimizerKind kind;
    private final float weightDecay;
    private final float l1;
    private final float maxNorm;
    private final NDManager stateManager;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final Map<String, Integer> steps = new LinkedHashMap<>();
    private float momentum = MOMENTUM;
    private float beta1 = BETA1;

    /**
     * Creates an optimiser.
     *
     * @param kind the algorithm
     * @param weightDecay the weight decay (L2, or decoupled for AdamW)
     * @param l1 the L1 penalty
     * @param maxNorm the max-norm constraint, or 0 for none
     * @param stateManager the manager owning the optimiser state
     */
    public Optimizer(OptimizerKind kind, float weightDecay, float l1, float maxNorm, NDManager stateManager) {
        this.kind = kind;
        this.weightDecay = weightDecay;
        this.l1 = l1;
        this.maxNorm = maxNorm;
        this.stateManager = stateManager;
    }

    /**
     * Sets SGD's momentum and Adam's (and AdamW's) β1 for the updates that follow, as a schedule
     * does step by step (one cycle). Adam's bias correction then uses the current β1, as PyTorch
     * and fastai do. A function of the step alone, so nothing needs saving for a resume.
     *
     * @param value the momentum, in [0, 1)
     */
    public void setMomentum(float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + value);
        }
        momentum = value;
        beta1 = value;
    }

    /**
     * Applies one update to a parameter and zeroes its gradient.
     *
     * @param name the parameter's name (the key of its state)
     * @param parameter the parameter
     * @param learningRate the learning rate for this step
     * @param scope a manager for temporaries, closed by the caller after the step
     */
    public void update(String name, Parameter parameter, float learningRate, NDManager scope) {
        NDArray weight = parameter.getArray();
        NDArray grad = weight.getGradient();
        grad.attach(scope);
        boolean decays = weight.getShape().dimension() > 1;
        boolean l2 = decays && weightDecay > 0 && kind != OptimizerKind.ADAMW;
        boolean lasso = decays && l1 > 0;
        NDArray g = grad;
        if (l2 || lasso) {
            g = tmp(grad.duplicate(), scope);
        }
        if (l2) {
            g.addi(tmp(weight.mul(weightDecay), scope));
        }
        if (lasso) {
            g.addi(tmp(tmp(weight.sign(), scope).muli(l1), scope));
        }
        switch (kind) {
            case SGD -> {
                NDArray velocity = state(first, name, weight);
                velocity.muli(momentum).addi(g);
                weight.subi(tmp(velocity.mul(learningRate), scope));
            }
            case ADAM, ADAMW -> {
                if (kind == OptimizerKind.ADAMW && decays && weightDecay > 0) {
                    weight.subi(tmp(weight.mul(learningRate * weightDecay), scope));
                }
                int t = steps.merge(name, 1, Integer::sum);
                NDArray m = state(first, name, weight);
                NDArray v = state(second, name, weight);
                m.muli(beta1).addi(tmp(g.mul(1 - beta1), scope));
                v.muli(BETA2).addi(tmp(tmp(g.square(), scope).muli(1 - BETA2), scope));
                float correction1 = 1 - (float) Math.pow(beta1, t);
                float correction2 = 1 - (float) Math.pow(BETA2, t);
                NDArray denominator = tmp(tmp(v.div(correction2), scope).sqrt(), scope).addi(EPSILON);
                weight.subi(tmp(tmp(m.mul(learningRate / correction1), scope).divi(denominator), scope));
            }
            case RMSPROP -> {
                NDArray s = state(second, name, weight);
                s.muli(ALPHA).addi(tmp(tmp(g.square(), scope).muli(1 - ALPHA), scope));
                NDArray denominator = tmp(tmp(s.sqrt(), scope).addi(EPSILON), scope);
                weight.subi(tmp(g.mul(learningRate), scope).divi(denominator));
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        if (decays && maxNorm > 0) {
            long rows = weight.getShape().get(0);
            NDArray norms = tmp(tmp(tmp(tmp(weight.reshape(rows, -1), scope).square(), scope).sum(new int[] {1}), scope).sqrt(), scope);
            NDArray scale = tmp(tmp(tmp(norms.add(EPSILON), scope).pow(-1f), scope).muli(maxNorm).minimum(1f), scope);
            long[] shape = new long[weight.getShape().dimension()];
            java.util.Arrays.fill(shape, 1);
            shape[0] = rows;
            weight.muli(tmp(scale.reshape(shape), scope));
        }
        grad.subi(grad);
    }

    private static NDArray tmp(NDArray array, NDManager scope) {
        array.attach(scope);
        return array;
    }

    private NDArray state(Map<String, NDArray> map, String name, NDArray like) {
        return map.computeIfAbsent(name, n -> stateManager.zeros(like.getShape()));
    }

    /**
     * Returns the state as tensors, for checkpoints.
     *
     * @return tensors named {@code first/<param>}, {@code second/<param>} and {@code step/<param>}
     */
    public Map<String, TensorData> saveState() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        first.forEach((n, a) -> out.put("first/" + n, new TensorData(a.getShape().getShape(), a.toFloatArray())));
        second.forEach((n, a) -> out.put("second/" + n, new TensorData(a.getShape().getShape(), a.toFloatArray())));
        steps.forEach((n, t) -> out.put("step/" + n, new TensorData(new long[] {1}, new float[] {t})));
        return out;
    }

    /**
     * Restores state saved by {@link #saveState()}.
     *
     * @param state the saved tensors
     */
    public void loadState(Map<String, TensorData> state) {
        state.forEach((key, t) -> {
            int slash = key.indexOf('/');
            String kindOf = key.substring(0, slash);
            String name = key.substring(slash + 1);
            if (kindOf.equals("step")) {
                steps.put(name, (int) t.values()[0]);
            } else {
                NDArray array = stateManager.create(t.values(), new ai.djl.ndarray.types.Shape(t.shape()));
                (kindOf.equals("first") ? first : second).put(name, array);
            }
        });
    }
}
