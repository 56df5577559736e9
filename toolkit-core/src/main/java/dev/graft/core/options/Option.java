package dev.graft.core.options;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One option, declared once: its name (kebab-case, as typed after {@code --} and as a config
 * key), group, value type, default, help text and validation. Parsing and validation messages
 * name the option, never a command-line spelling. Declare options with the static factories
 * ({@link #integer}, {@link #real}, {@link #text}, {@link #choice}, {@link #flag}, {@link #many},
 * {@link #section}) and {@link #check}.
 *
 * @param <T> the value type
 * @param name the name, kebab-case
 * @param group the help section
 * @param argName the value's name in help, or {@code null} for a flag
 * @param help the help text
 * @param arity what kind of value it takes
 * @param parser text to value
 * @param formatter value to text, as the parser reads it back
 * @param defaultValue the default, or {@code null}
 * @param defaultText the default as help shows it, or {@code null}
 * @param valid what a valid value satisfies
 * @param rule the rule in words, for messages
 */
public record Option<T>(String name, OptionGroup group, String argName, String help, Arity arity, Function<String, T> parser,
        Function<T, String> formatter, T defaultValue, String defaultText, Predicate<T> valid, String rule) {

    /** What kind of value an option takes. */
    public enum Arity {
        /** One value; a repeated flag keeps the last. */
        ONE,
        /** A flag without a value. */
        FLAG,
        /** Any number of values. */
        MANY,
        /** A structured section of a config file (a mapping or list), or a file holding it. */
        SECTION
    }

    /**
     * Declares a whole-number option.
     *
     * @param name the name
     * @param group the group
     * @param argName the value's name in help
     * @param defaultValue the default
     * @param help the help text
     * @return the option
     */
    public static Option<Integer> integer(String name, OptionGroup group, String argName, int defaultValue, String help) {
        return new Option<>(name, group, argName, help, Arity.ONE, text -> parseInteger(name, text), String::valueOf, defaultValue,
                String.valueOf(defaultValue), v -> true, null);
    }

    /**
     * Declares an option whose value is one whole number or several separated by commas ({@code
     * 128,224}).
     *
     * @param name the name
     * @param group the group
     * @param argName the value's name in help
     * @param defaultValue the default, one number
     * @param help the help text
     * @return the option
     */
    public static Option<List<Integer>> integers(String name, OptionGroup group, String argName, int defaultValue, String help) {
        return new Option<>(name, group, argName, help, Arity.ONE,
                text -> Arrays.stream(text.split(",", -1)).map(item -> parseInteger(name, item)).toList(),
                v -> String.join(",", v.stream().map(String::valueOf).toList()), List.of(defaultValue), String.valueOf(defaultValue),
                v -> true, null);
    }

    /**
     * Declares a real-number option.
     *
     * @param name the name
     * @param group the group
     * @param argName the value's name in help
     * @param defaultValue the default
     * @param help the help text
     * @return the option
     */
    public static Option<Double> real(String name, OptionGroup group, String argName, double defaultValue, String help) {
        return new Option<>(name, group, argName, help, Arity.ONE, text -> parseReal(name, text), Option::formatReal, defaultValue,
                formatReal(defaultValue), v -> true, null);
    }

    /**
     * Declares a text option ({@code null} default: absent unless given).
     *
     * @param name the name
     * @param group the group
     * @param argName the value's name in help
     * @param defaultValue the default, or {@code null}
     * @param help the help text
     * @return the option
     */
    public static Option<String> text(String name, OptionGroup group, String argName, String defaultValue, String help) {
        return new Option<>(name, group, argName, help, Arity.ONE, Function.identity(), Function.identity(), defaultValue,
                defaultValue == null ? null : defaultValue, v -> true, null);
    }

    /**
     * Declares an option whose value is one of an enum's constants, named in lower case.
     *
     * @param name the name
     * @param group the group
     * @param type the enum
     * @param defaultValue the default
     * @param help the help text
     * @param <E> the enum type
     * @return the option
     */
    public static <E extends Enum<E>> Option<E> choice(String name, OptionGroup group, Class<E> type, E defaultValue, String help) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Option::label).toList();
        return new Option<>(name, group, String.join("|", names), help, Arity.ONE, text -> parseChoice(name, type, text), Option::label,
                defaultValue, label(defaultValue), v -> true, null);
    }

    /**
     * Declares a flag (false unless given).
     *
     * @param name the name
     * @param group the group
     * @param help the help text
     * @return the option
     */
    public static Option<Boolean> flag(String name, OptionGroup group, String help) {
        return new Option<>(name, group, null, help, Arity.FLAG, text -> parseBoolean(name, text), String::valueOf, false, null,
                v -> true, null);
    }

    /**
     * Declares an option that takes several values ({@code --class-weight a=2 b=3}, a YAML list
     * or mapping).
     *
     * @param name the name
     * @param group the group
     * @param argName the value's name in help
     * @param help the help text
     * @return the option
     */
    public static Option<String> many(String name, OptionGroup group, String argName, String help) {
        return new Option<>(name, group, argName, help, Arity.MANY, Function.identity(), Function.identity(), null, null, v -> true, null);
    }

    /**
     * Declares a structured section (a config file's mapping, or a file holding it).
     *
     * @param name the name
     * @param group the group
     * @param argName the value's name in help
     * @param help the help text
     * @return the option
     */
    public static Option<String> section(String name, OptionGroup group, String argName, String help) {
        return new Option<>(name, group, argName, help, Arity.SECTION, Function.identity(), Function.identity(), null, null, v -> true,
                null);
    }

    /**
     * Adds a validation rule.
     *
     * @param check what a valid value satisfies
     * @param rule the rule in words, e.g. {@code "must be at least 1"}
     * @return a copy with the rule
     */
    public Option<T> check(Predicate<T> check, String rule) {
        return new Option<>(name, group, argName, help, arity, parser, formatter, defaultValue, defaultText, check, rule);
    }

    /**
     * Replaces the default's description in help (for defaults that depend on other options).
     *
     * @param text e.g. {@code "1e-2 with freeze all, else 1e-3"}
     * @return a copy
     */
    public Option<T> describeDefault(String text) {
        return new Option<>(name, group, argName, help, arity, parser, formatter, defaultValue, text, valid, rule);
    }

    /**
     * Removes the default value: the option is absent ({@code null}) unless given, and help
     * describes what absence means (for an option whose default lives elsewhere, such as an
     * architecture's own drop-path rate).
     *
     * @param text what applies when the option is absent, e.g. {@code "the architecture's"}
     * @return a copy
     */
    public Option<T> withoutDefault(String text) {
        return new Option<>(name, group, argName, help, arity, parser, formatter, null, text, valid, rule);
    }

    /** @return the help text followed by the default, if any */
    public String description() {
        return defaultText == null ? help : help + " (default " + defaultText + ")";
    }

    /**
     * Parses and validates a value as written.
     *
     * @param text the value
     * @return the value
     * @throws IllegalArgumentException naming the option and the value
     */
    public T parse(String text) {
        return validate(parser.apply(text.strip()));
    }

    /**
     * Validates a value.
     *
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException naming the option, the value and the rule
     */
    public T validate(T value) {
        if (value != null && !valid.test(value)) {
            throw new IllegalArgumentException(name + " " + rule + ", got " + format(value) + ".");
        }
        return value;
    }

    /**
     * Reads the option from a set of values, or its default.
     *
     * @param values the values
     * @return the value
     */
    public T read(OptionValues values) {
        String text = values.get(name);
        return text == null ? defaultValue : parse(text);
    }

    /**
     * Reads the option from a set of values, or a default computed from the others.
     *
     * @param values the values
     * @param fallback the default when the option is absent
     * @return the value
     */
    public T read(OptionValues values, T fallback) {
        String text = values.get(name);
        return text == null ? fallback : parse(text);
    }

    /**
     * Writes a value as the option reads it back.
     *
     * @param value the value
     * @return its text
     */
    public String format(T value) {
        return value == null ? null : formatter.apply(value);
    }

    /**
     * Finds an option by name.
     *
     * @param options the options
     * @param name the name
     * @return the option
     * @throws IllegalArgumentException naming the nearest option if none has that name
     */
    public static Option<?> named(java.util.Collection<Option<?>> options, String name) {
        for (Option<?> o : options) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown option '" + name + "'" + Names.nearest(name,
                options.stream().map(Option::name).toList()) + ".");
    }


    private static int parseInteger(String name, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + text + "'.", e);
        }
    }

    private static double parseReal(String name, String text) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + text + "'.", e);
        }
    }

    private static boolean parseBoolean(String name, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + text + "'.");
        };
    }

    private static <E extends Enum<E>> E parseChoice(String name, Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (label(e).equals(text.strip().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + name + " '" + text + "'; use one of "
                + Arrays.stream(type.getEnumConstants()).map(Option::label).toList() + ".");
    }

    /**
     * The name of an enum constant as options spell it.
     *
     * @param value the constant
     * @return its name in lower case
     */
    public static String label(Enum<?> value) {
        return Objects.requireNonNull(value).name().toLowerCase(Locale.ROOT);
    }

    /**
     * Writes a number the shortest way that reads back to the same {@code float} or {@code double}.
     *
     * @param v the number
     * @return its text
     */
    static String formatReal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        float f = (float) v;
        return f == v ? Float.toString(f) : Double.toString(v);
    }
}
