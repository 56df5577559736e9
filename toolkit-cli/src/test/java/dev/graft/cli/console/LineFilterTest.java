package dev.graft.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The native-stderr filter drops libtorch's two known warnings and passes everything else, partial lines at once. */
class LineFilterTest {

    private static final String DEPRECATED = "[W1202 14:13:26.679974181 LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is"
            + " deprecated and will be removed in 1.10 release. (function operator())\n";
    private static final String NNPACK = "[W1202 14:20:01.1 NNPACK.cpp:62] Could not initialize NNPACK! Reason: Unsupported hardware.\n";

    @Test
    void filter_dropsKnownNativeWarningsOnly() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineFilter filter = new LineFilter(out);
        String real = "[W1202 12:00:00.0 Foo.cpp:1] Warning: something that matters\n";
        String text = DEPRECATED + "epoch 1/2 done\n" + NNPACK + NNPACK + real + "[main] WARN ai.djl - kept\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // fed in awkward pieces, as a pipe may deliver them
        for (int from = 0; from < bytes.length; from += 7) {
            byte[] piece = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 7));
            filter.accept(piece, piece.length);
        }
        filter.finish();
        assertEquals("epoch 1/2 done\n" + real + "[main] WARN ai.djl - kept\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void filter_passesAProgressBarsPartialLineAtOnce() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineFilter filter = new LineFilter(out);
        byte[] bar = "\repoch 1/8 [=====>   ] 3/8".getBytes(StandardCharsets.UTF_8);
        filter.accept(bar, bar.length);
        assertEquals("\repoch 1/8 [=====>   ] 3/8", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void filter_dropsAWarningWrittenRightAfterAProgressBar() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineFilter filter = new LineFilter(out);
        byte[] bytes = ("\rchecking ONNX parity [>   ] 0/2\033[K" + NNPACK + "\rchecking ONNX parity [==> ] 1/2\033[K")
                .getBytes(StandardCharsets.UTF_8);
        filter.accept(bytes, bytes.length);
        assertEquals("\rchecking ONNX parity [>   ] 0/2\033[K\rchecking ONNX parity [==> ] 1/2\033[K", out.toString(StandardCharsets.UTF_8));
    }
}
