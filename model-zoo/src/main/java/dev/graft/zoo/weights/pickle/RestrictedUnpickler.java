package dev.graft.zoo.weights.pickle;

import dev.graft.zoo.weights.pickle.PickleValues.Global;
import dev.graft.zoo.weights.pickle.PickleValues.ScriptObject;
import dev.graft.zoo.weights.pickle.PickleValues.Storage;
import dev.graft.zoo.weights.pickle.PickleValues.TensorRef;
import dev.graft.zoo.weights.pickle.PickleValues.Tuple;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader for PyTorch weight files that rebuilds only tensors and plain containers. It
 * interprets the pickle opcodes itself and resolves no global to code: a {@code GLOBAL} outside
 * the allow-list (tensor rebuild functions, storage types, {@code OrderedDict}, and TorchScript
 * {@code __torch__} classes when reading a TorchScript archive) is refused by name before anything
 * else happens. Loading a model file from the internet therefore cannot run code.
 */
public final class RestrictedUnpickler {

    private static final Map<String, String> STORAGE_DTYPES =
            Map.ofEntries(
                    Map.entry("FloatStorage", "F32"),
                    Map.entry("DoubleStorage", "F64"),
                    Map.entry("HalfStorage", "F16"),
                    Map.entry("BFloat16Storage", "BF16"),
                    Map.entry("LongStorage", "I64"),
                    Map.entry("IntStorage", "I32"),
                    Map.entry("ShortStorage", "I16"),
                    Map.entry("CharStorage", "I8"),
                    Map.entry("ByteStorage", "U8"),
                    Map.entry("BoolStorage", "BOOL"));

    private static final Set<String> ALLOWED_FUNCTIONS =
            Set.of(
                    "collections.OrderedDict",
                    "torch._utils._rebuild_tensor_v2",
                    "torch._utils._rebuild_parameter");

    private static final Object MARK = new Object();

    /** Returned by a step that did not end the pickle. */
    private static final Object CONTINUE = new Object();

    /** The most opcodes read: each can create an object, so this bounds memory. Real state dicts need thousands. */
    private static final int MAX_VALUES = 2_000_000;

    /** The most MARKs open at once (nested tuples, lists, dicts under construction). */
    private static final int MAX_MARKS = 1_000;

    private int values;
    private int marks;

    private final ByteBuffer in;
    private final boolean allowScriptClasses;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    /**
     * Creates an unpickler.
     *
     * @param pickle the pickle bytes
     * @param allowScriptClasses whether TorchScript {@code __torch__.*} classes may appear (as
     *     attribute containers); true only for TorchScript archives
     */
    public RestrictedUnpickler(byte[] pickle, boolean allowScriptClasses) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.allowScriptClasses = allowScriptClasses;
    }

    /**
     * Tells whether a global may be referenced.
     *
     * @param qualified {@code module.name}
     * @param allowScriptClasses whether TorchScript classes are allowed
     * @return true if it is on the allow-list
     */
    public static boolean isAllowed(String qualified, boolean allowScriptClasses) {
        if (ALLOWED_FUNCTIONS.contains(qualified)) {
            return true;
        }
        if (qualified.startsWith("torch.") && STORAGE_DTYPES.containsKey(qualified.substring(6))) {
            return true;
        }
        return allowScriptClasses && qualified.startsWith("__torch__.");
    }

    /**
     * Reads the pickle.
     *
     * @return the top-level value: a map (state dict) or a {@link ScriptObject} (TorchScript)
     * @throws UnsafePickleException if the pickle references a global outside the allow-list or
     *     uses an opcode this reader does not implement
     */
    public Object load() throws UnsafePickleException {
        int op = -1;
        int at = 0;
        try {
            while (in.hasRemaining()) {
                at = in.position();
                op = in.get() & 0xFF;
                if (++values > MAX_VALUES) {
                    throw new UnsafePickleException("the pickle has more than " + MAX_VALUES + " opcodes; a state dict needs far fewer");
                }
                Object done = step(op);
                if (done != CONTINUE) {
                    return done == NullValue.NULL ? null : done;
                }
            }
        } catch (BufferUnderflowException e) {
            throw new UnsafePickleException(String.format("malformed pickle: it ends inside opcode 0x%02x at byte %d", op, at));
        } catch (ClassCastException | IndexOutOfBoundsException | NullPointerException | IllegalArgumentException e) {
            throw new UnsafePickleException(String.format("malformed pickle: opcode 0x%02x at byte %d has arguments of the wrong kind"
                    + " or number", op, at));
        }
        throw new UnsafePickleException("the pickle ends without a STOP opcode");
    }

    /** Runs one opcode; returns {@link #CONTINUE}, or the result at STOP. */
    private Object step(int op) throws UnsafePickleException {
        switch (op) {
            case 0x80 -> in.get(); // PROTO
            case 0x95 -> in.getLong(); // FRAME
            case '.' -> { // STOP
                Object result = pop();
                return result == null ? NullValue.NULL : result;
            }
            case '(' -> {
                if (++marks > MAX_MARKS) {
                    throw new UnsafePickleException("the pickle nests more than " + MAX_MARKS + " levels deep at byte "
                            + (in.position() - 1) + "; a state dict needs far fewer");
                }
                stack.push(MARK);
            }
            case ')' -> stack.push(new Tuple(List.of()));
            case ']' -> stack.push(new ArrayList<>());
            case '}' -> stack.push(new LinkedHashMap<String, Object>());
            case 'N' -> push(null);
            case 0x88 -> stack.push(Boolean.TRUE);
            case 0x89 -> stack.push(Boolean.FALSE);
            case 'K' -> stack.push((long) (in.get() & 0xFF));
            case 'M' -> stack.push((long) (in.getShort() & 0xFFFF));
            case 'J' -> stack.push((long) in.getInt());
            case 0x8a -> stack.push(readLong1());
            case 'G' -> stack.push(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
            case 'X' -> stack.push(readString(in.getInt()));
            case 0x8c -> stack.push(readString(in.get() & 0xFF));
            case 'B' -> stack.push(readBytes(in.getInt()));
            case 'C' -> stack.push(readBytes(in.get() & 0xFF));
            case 'q' -> memo.put(in.get() & 0xFF, stack.peek());
            case 'r' -> memo.put(in.getInt(), stack.peek());
            case 0x94 -> memo.put(memo.size(), stack.peek());
            case 'h' -> stack.push(memoGet(in.get() & 0xFF));
            case 'j' -> stack.push(memoGet(in.getInt()));
            case 't' -> stack.push(new Tuple(popToMark()));
            case 0x85 -> stack.push(new Tuple(Arrays.asList(pop())));
            case 0x86 -> {
                Object b = pop();
                Object a = pop();
                stack.push(new Tuple(Arrays.asList(a, b)));
            }
            case 0x87 -> {
                Object c = pop();
                Object b = pop();
                Object a = pop();
                stack.push(new Tuple(Arrays.asList(a, b, c)));
            }
            case 'a' -> {
                Object item = pop();
                asList(peek()).add(item);
            }
            case 'e' -> {
                List<Object> items = popToMark();
                asList(peek()).addAll(items);
            }
            case 's' -> {
                Object value = pop();
                Object key = pop();
                asMap(peek()).put(key(key), value);
            }
            case 'u' -> {
                List<Object> items = popToMark();
                Map<String, Object> map = asMap(peek());
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    map.put(key(items.get(i)), items.get(i + 1));
                }
            }
            case 'c' -> stack.push(global(readLine(), readLine()));
            case 0x93 -> {
                String name = (String) pop();
                String module = (String) pop();
                stack.push(global(module, name));
            }
            case 'Q' -> stack.push(persistentLoad(pop()));
            case 'R' -> {
                Tuple args = (Tuple) pop();
                stack.push(reduce(pop(), args));
            }
            case 0x81 -> { // NEWOBJ
                pop(); // constructor args, always empty for TorchScript objects
                stack.push(newObject(pop()));
            }
            case 'b' -> build(pop(), peek());
            default -> throw new UnsafePickleException(
                    String.format("unsupported pickle opcode 0x%02x at byte %d", op, in.position() - 1));
        }
        return CONTINUE;
    }

    private Global global(String module, String name) throws UnsafePickleException {
        String qualified = module + "." + name;
        if (!isAllowed(qualified, allowScriptClasses)) {
            throw new UnsafePickleException(
                    "refused global '"
                            + qualified
                            + "': only tensors and plain containers may be unpickled, so nothing in"
                            + " the file is executed");
        }
        return new Global(module, name);
    }

    private Object persistentLoad(Object pid) throws UnsafePickleException {
        if (!(pid instanceof Tuple t) || t.items().size() < 5 || !"storage".equals(t.items().get(0))) {
            throw new UnsafePickleException("unsupported persistent id " + describe(pid));
        }
        if (!(t.items().get(1) instanceof Global type)) {
            throw new UnsafePickleException("storage type is not a class but " + describe(t.items().get(1)));
        }
        String dtype = STORAGE_DTYPES.get(type.name());
        if (dtype == null) {
            throw new UnsafePickleException("unsupported storage type " + type.qualified());
        }
        if (!(t.items().get(2) instanceof String key) || !(t.items().get(4) instanceof Number numel) || numel.longValue() < 0) {
            throw new UnsafePickleException("storage reference has key " + describe(t.items().get(2)) + " and size "
                    + describe(t.items().get(4)) + "; expected a name and a count >= 0");
        }
        return new Storage(dtype, key, numel.longValue());
    }

    private Object reduce(Object callable, Tuple args) throws UnsafePickleException {
        if (!(callable instanceof Global g)) {
            throw new UnsafePickleException("REDUCE on a non-global " + describe(callable));
        }
        List<Object> a = args.items();
        switch (g.qualified()) {
            case "collections.OrderedDict":
                return new LinkedHashMap<String, Object>();
            case "torch._utils._rebuild_tensor_v2":
                if (a.size() < 4 || !(a.get(0) instanceof Storage storage) || !(a.get(1) instanceof Number offset)) {
                    throw new UnsafePickleException("_rebuild_tensor_v2 needs (storage, offset, shape, stride), got "
                            + a.size() + " arguments starting with " + (a.isEmpty() ? "nothing" : describe(a.get(0))));
                }
                return new TensorRef(storage, offset.longValue(), longs(a.get(2)), longs(a.get(3)));
            case "torch._utils._rebuild_parameter":
                return a.get(0);
            default:
                throw new UnsafePickleException("refused call of '" + g.qualified() + "'");
        }
    }

    private Object newObject(Object cls) throws UnsafePickleException {
        if (cls instanceof Global g && g.module().startsWith("__torch__")) {
            return new ScriptObject(g.qualified());
        }
        throw new UnsafePickleException("refused construction of " + describe(cls));
    }

    @SuppressWarnings("unchecked")
    private static void build(Object state, Object target) throws UnsafePickleException {
        if (target instanceof ScriptObject object && state instanceof Map<?, ?> map) {
            object.state().putAll((Map<String, Object>) map);
        } else if (!(target instanceof Map)) {
            // An OrderedDict's BUILD only sets _metadata, which Graft does not need.
            throw new UnsafePickleException("refused BUILD on " + describe(target));
        }
    }

    private static long[] longs(Object tuple) throws UnsafePickleException {
        if (!(tuple instanceof Tuple t)) {
            throw new UnsafePickleException("a tensor's shape or stride is " + describe(tuple) + ", not a tuple");
        }
        long[] out = new long[t.items().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.items().get(i) instanceof Long value)) {
                throw new UnsafePickleException("a tensor's shape or stride holds " + describe(t.items().get(i)) + ", not an integer");
            }
            out[i] = value;
        }
        return out;
    }

    /** A dict key as text: only strings, integers, floats and booleans, as torch.save writes. */
    private static String key(Object key) throws UnsafePickleException {
        if (key instanceof String || key instanceof Long || key instanceof Double || key instanceof Boolean) {
            return String.valueOf(key);
        }
        throw new UnsafePickleException("a dict key is " + describe(key) + "; state dict keys are names");
    }

    /**
     * Names a value's kind without printing it: a pickled value may contain itself, and printing
     * it would recurse until the stack overflows.
     */
    static String describe(Object value) {
        if (value == null || value == NullValue.NULL) {
            return "None";
        }
        if (value instanceof Global g) {
            return "global " + g.qualified();
        }
        if (value instanceof String text) {
            return "string '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
        }
        if (value instanceof Tuple t) {
            return "a tuple of " + t.items().size();
        }
        if (value instanceof List<?> list) {
            return "a list of " + list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return "a dict of " + map.size();
        }
        return "a " + value.getClass().getSimpleName();
    }

    private Object readLong1() {
        int n = in.get() & 0xFF;
        byte[] bytes = new byte[n];
        in.get(bytes);
        long value = 0;
        for (int i = n - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        if (n > 0 && n < 8 && (bytes[n - 1] & 0x80) != 0) {
            value -= 1L << (8 * n);
        }
        return value;
    }

    private String readString(int length) throws UnsafePickleException {
        return new String(readBytes(length), StandardCharsets.UTF_8);
    }

    /** Reads a length-prefixed string or bytes, after checking the length against what remains of the pickle. */
    private byte[] readBytes(int length) throws UnsafePickleException {
        if (length < 0 || length > in.remaining()) {
            throw new UnsafePickleException(String.format("malformed pickle: a string of %d bytes at byte %d, but %d bytes remain",
                    length & 0xFFFFFFFFL, in.position(), in.remaining()));
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private String readLine() {
        StringBuilder line = new StringBuilder();
        for (byte b = in.get(); b != '\n'; b = in.get()) {
            line.append((char) b);
        }
        return line.toString();
    }

    private Object memoGet(int key) throws UnsafePickleException {
        if (!memo.containsKey(key)) {
            throw new UnsafePickleException("memo key " + key + " was never stored");
        }
        return memo.get(key);
    }

    private void push(Object value) {
        stack.push(value == null ? NullValue.NULL : value);
    }

    private Object pop() throws UnsafePickleException {
        if (stack.isEmpty() || stack.peek() == MARK) {
            throw new UnsafePickleException("malformed pickle: stack underflow at byte " + in.position());
        }
        Object value = stack.pop();
        return value == NullValue.NULL ? null : value;
    }

    private Object peek() {
        Object value = stack.peek();
        return value == NullValue.NULL ? null : value;
    }

    private List<Object> popToMark() throws UnsafePickleException {
        List<Object> items = new ArrayList<>();
        while (!stack.isEmpty() && stack.peek() != MARK) {
            Object value = stack.pop();
            items.add(value == NullValue.NULL ? null : value);
        }
        if (stack.isEmpty()) {
            throw new UnsafePickleException("malformed pickle: no MARK");
        }
        stack.pop();
        marks--;
        java.util.Collections.reverse(items);
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) throws UnsafePickleException {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new UnsafePickleException("APPEND on a non-list " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) throws UnsafePickleException {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new UnsafePickleException("SETITEM on a non-dict " + describe(value));
    }

    /** Stands for Python's None on the stack (ArrayDeque refuses nulls). */
    private enum NullValue {
        NULL
    }
}
