package dev.graft.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.zoo.nn.NamedSequential;
import java.util.List;

/**
 * A head that reads metadata beside the image: its inputs are the image features and the encoded
 * metadata {@code [N, D]}; the features go through the head's pooling (when the cut gives feature
 * maps), are concatenated with the metadata, and the rest of the head (linear, or mlp) classifies
 * the joined vector, as ISIC challenge winners joined patient data to CNN features. Its children
 * and their parameter names are those of the image-only head it wraps ({@code head.0.weight}), only
 * the first layer after the join is wider by {@code D}.
 */
public final class MetadataHead extends NamedSequential {

    private final int imageOnly;
    private final int width;

    /**
     * Wraps a head.
     *
     * @param head the image-only head, e.g. from {@link TransferModels#head}
     * @param imageOnly how many leading children run on the image features alone (1 with a pool, else 0)
     * @param width the length D of the encoded metadata
     */
    public MetadataHead(NamedSequential head, int imageOnly, int width) {
        if (width < 1 || imageOnly < 0 || imageOnly >= head.names().size()) {
            throw new IllegalArgumentException("a metadata head needs width >= 1 and a layer after the join");
        }
        head.names().forEach(name -> add(name, head.child(name)));
        this.imageOnly = imageOnly;
        this.width = width;
    }

    /** @return the length D of the metadata input */
    public int width() {
        return width;
    }

    /** @return the children that run on the image features before the join, in order */
    public List<String> imageOnlyNames() {
        return names().subList(0, imageOnly);
    }

    /** @return the children that run on the joined vector, in order */
    public List<String> joinedNames() {
        return names().subList(imageOnly, names().size());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("this model reads metadata beside the image: it takes 2 inputs (image features and"
                    + " metadata [N, " + width + "]), got " + inputs.size() + ".");
        }
        NDList current = new NDList(inputs.get(0));
        for (String name : imageOnlyNames()) {
            current = child(name).forward(store, current, training, params);
        }
        current = new NDList(current.singletonOrThrow().concat(inputs.get(1), 1));
        for (String name : joinedNames()) {
            current = child(name).forward(store, current, training, params);
        }
        return current;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = {inputShapes[0]};
        for (String name : names()) {
            if (name.equals(names().get(imageOnly))) {
                shapes = joined(shapes[0]);
            }
            Block child = child(name);
            child.initialize(manager, dataType, shapes);
            shapes = child.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = {inputShapes[0]};
        for (String name : names()) {
            if (name.equals(names().get(imageOnly))) {
                shapes = joined(shapes[0]);
            }
            shapes = child(name).getOutputShapes(shapes);
        }
        return shapes;
    }

    private Shape[] joined(Shape features) {
        return new Shape[] {new Shape(features.get(0), features.get(1) + width)};
    }
}
