package dev.graft.cli.console;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.channels.Pipe;
import java.util.List;

/**
 * Keeps native libraries' known, harmless chatter off standard error while passing everything
 * else through unchanged: libtorch prints a deprecation warning for {@code AutoNonVariableTypeMode}
 * (through c10's warning handler, which reads no setting a Java program can reach:
 * {@code TORCH_CPP_LOG_LEVEL} is only read when Python initialises logging) and "Could not
 * initialize NNPACK" on every convolution when the CPU lacks what NNPACK needs.
 *
 * <p>It does so in the process, so {@code java -jar} behaves as the launcher does: file
 * descriptor 2 is pointed at a pipe (the JDK's own {@code dup}/{@code dup2}, reached with the
 * {@code Add-Opens} the jar's manifest and the launcher grant), and a daemon thread copies the
 * pipe to the real stderr, dropping only lines that match {@link #NOISE}. Java's own {@code
 * System.err} is pointed straight at the real stderr, so graft's messages and progress bars are
 * written at once and stay in order with stdout; only native code's writes go through the pipe.
 * A partial line is passed on at once unless it could be the start of a native warning. If the
 * JDK refuses, nothing is filtered and nothing else changes.
 */
public final class NativeStderrFilter {

    /** Text that marks a line as known native noise; each line must also start with {@code [W}. */
    static final List<String> NOISE = List.of("AutoNonVariableTypeMode is deprecated", "Could not initialize NNPACK!");

    private NativeStderrFilter() {}

    /**
     * Starts filtering stderr for the rest of the process; flushes and restores it at exit.
     *
     * @return whether the filter is in place
     */
    public static boolean install() {
        try {
            Class<?> channel = Class.forName("sun.nio.ch.InheritedChannel");
            Method dup = channel.getDeclaredMethod("dup", int.class);
            Method dup2 = channel.getDeclaredMethod("dup2", int.class, int.class);
            dup.setAccessible(true);
            dup2.setAccessible(true);
            Pipe pipe = Pipe.open();
            Method fdVal = pipe.sink().getClass().getMethod("getFDVal");
            fdVal.setAccessible(true);
            int sink = (int) fdVal.invoke(pipe.sink());
            int saved = (int) dup.invoke(null, 2);
            FileDescriptor savedDescriptor = new FileDescriptor();
            Field fd = FileDescriptor.class.getDeclaredField("fd");
            fd.setAccessible(true);
            fd.setInt(savedDescriptor, saved);
            OutputStream real = new FileOutputStream(savedDescriptor);
            System.err.flush();
            dup2.invoke(null, sink, 2);
            System.setErr(new PrintStream(new FileOutputStream(savedDescriptor), true, encoding()));
            Thread copier = new Thread(() -> copy(pipe.source(), real), "graft-stderr-filter");
            copier.setDaemon(true);
            copier.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.flush();
                try {
                    dup2.invoke(null, saved, 2);
                    pipe.sink().close();
                    copier.join(2000);
                } catch (ReflectiveOperationException | IOException e) {
                    // stderr stays on the pipe; the copier drains what it can before the JVM ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "graft-stderr-restore"));
            return true;
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            return false;
        }
    }

    /** The charset Java's stderr used: the console's when there is one, else the default. */
    private static Charset encoding() {
        try {
            return Charset.forName(System.getProperty("sun.stderr.encoding", Charset.defaultCharset().name()));
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    private static void copy(Pipe.SourceChannel source, OutputStream real) {
        LineFilter filter = new LineFilter(real);
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (source.read(buffer) >= 0) {
                filter.accept(buffer.array(), buffer.position());
                buffer.clear();
            }
            filter.finish();
        } catch (IOException e) {
            // the real stderr is gone; nothing more can be shown
        }
    }
}
