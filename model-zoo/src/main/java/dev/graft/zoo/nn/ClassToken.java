package dev.graft.zoo.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The Vision Transformer's patch tokens and class token: flattens the patch embedding's
 * {@code [N, D, h, w]} map to {@code h·w} tokens {@code [N, h·w, D]} (row-major, as torchvision's
 * {@code _process_input}) and prepends the learned {@code class_token} {@code [1, 1, D]}
 * (torchvision initialises it to zeros), giving {@code [N, 1 + h·w, D]}. Its tensor is named
 * {@code class_token}, by the block's own path.
 */
public final class ClassToken extends AbstractBlock implements BareParameter {

    private static final byte VERSION = 1;

    private final Parameter token;

    /**
     * A class token of a given width.
     *
     * @param hidden the token width D
     */
    public ClassToken(int hidden) {
        super(VERSION);
        token = addParameter(Parameter.builder().setName("class_token").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, hidden)).optInitializer(new ConstantInitializer(0f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray map = inputs.singletonOrThrow();
        Shape s = map.getShape();
        NDArray tokens = map.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
        NDArray cls = store.getValue(token, map.getDevice(), training).broadcast(s.get(0), 1, s.get(1));
        // An operation's result belongs to its first operand's manager: the token's is the model's,
        // which lives as long as the model, so without this every later tensor of the step would too.
        cls.attach(map.getManager());
        return new NDList(cls.concat(tokens, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 1 + s.get(2) * s.get(3), s.get(1))};
    }
}
