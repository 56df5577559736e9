package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.augment.AugmentGrid;
import dev.graft.datasets.augment.AugmentOperations;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.image.ImageLoader;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.DatasetReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code graft augment}: a PNG grid of originals and augmented views, to see a pipeline before training. */
public final class AugmentCommand extends OptionsCommand {

    /** Creates the command. */
    public AugmentCommand() {
        super("graft augment");
    }

    @Override
    public String name() {
        return "augment";
    }

    @Override
    public String summary() {
        return "render a grid of augmented views of your images";
    }

    @Override
    protected void declare(Options o) {
        arg(o, "data", "PATH", "images: ImageFolder folder, .csv manifest or .npz (its training split)");
        arg(o, "augment", "SPEC", "pipeline, e.g. hflip,rotate=20,rrc=0.6-1.0,jitter=0.2,noise=0.02; operations: "
                + AugmentOperations.usage(AugmentOperations.REGISTRY) + "; NAME@P sets a probability");
        arg(o, "out", "FILE", "the PNG to write");
        arg(o, "images", "N", "rows: how many images (default 4)");
        arg(o, "views", "N", "augmented views per image (default 5)");
        arg(o, "image-size", "N", "side of each view (default 160)");
        arg(o, "seed", "N", "seed (default 0)");
    }

    @Override
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("augment", "data", "out");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        AugmentPipeline pipeline = AugmentPipeline.parse(required(line, "augment"));
        Path target = Path.of(required(line, "out"));
        int rows = ConfigValues.integerOf("images", line.getOptionValue("images", "4"));
        int views = ConfigValues.integerOf("views", line.getOptionValue("views", "5"));
        int side = ConfigValues.integerOf("image-size", line.getOptionValue("image-size", "160"));
        long seed = ConfigValues.integerOf("seed", line.getOptionValue("seed", "0"));
        try {
            ImageDataset data = new DatasetReader(ImageDecoder.standard()).read(Path.of(required(line, "data"))).train();
            ImageLoader loader = new ImageLoader(Math.round(side * 256f / 224f), side, BadImagePolicy.FAIL);
            List<float[]> images = new ArrayList<>();
            int step = Math.max(1, data.size() / Math.max(1, rows));
            for (int i = 0; i < data.size() && images.size() < rows; i += step) {
                images.add(loader.load(data.images().get(i)).orElseThrow());
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(AugmentGrid.render(images, side, pipeline, views, seed), "png", png);
            AtomicFiles.write(target, png.toByteArray());
            out.println("wrote " + target + ": " + images.size() + " images, original then " + views + " views of " + pipeline.spec());
            return OK;
        } catch (DatasetException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
