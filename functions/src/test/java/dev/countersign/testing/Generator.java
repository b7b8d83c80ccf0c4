package dev.countersign.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Random test inputs from a seeded {@link SplittableRandom}, for property tests written as JUnit parameterized
 * tests: {@link #cases} draws the case seeds from a fixed master seed, so every run checks the same cases, and a
 * failing case names its seed ({@code "seed 123"}) so {@code Generator.seeded(123)} rebuilds exactly that input.
 * Edge cases that random draws would rarely hit are listed by each test as {@link Case#fixed} cases.
 */
public final class Generator {
    /** Characters a careless or hostile sender might put anywhere: JSON escapes, controls, separators, BOM. */
    private static final char[] AWKWARD_CHARS = {'\u0000', '\u0001', '\u001f', '"', '\\', '/', '\u007f', '\u0080',
            '\u009f', '\u00a0', '\u00ff', '\u0100', '\u2028', '\u2029', '\u202e', '\u2066', '\ufeff', '\ud7ff',
            '\ue000', '\ufb33', '\ufffd', '\uffff'};
    /** Whole supplementary characters (surrogate pairs): an emoji, a musical symbol, the first and last. */
    private static final String[] ASTRAL = {"\uD83D\uDE00", "\uD83C\uDF89", "\uD834\uDD1E", "\uD800\uDC00",
            "\uDBFF\uDFFF"};
    /** Doubles at the boundaries of formats and ranges: ±0, subnormals, 2^53, ECMAScript's 1e21 and 1e-7 switches. */
    private static final double[] EDGE_DOUBLES = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.1, 0.1 + 0.2, 0.5,
            1e21, Math.nextDown(1e21), 1e-6, Math.nextDown(1e-6), 1e-7, 5e-324, 1e23, 9007199254740992.0,
            9007199254740994.0, -9007199254740992.0, 4.35, 123456789012345680.0, 1.7976931348623157e308};

    private final SplittableRandom random;

    private Generator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public static Generator seeded(long seed) {
        return new Generator(seed);
    }

    /** {@code count} cases, each drawn by {@code draw} from its own seed; the seeds come from {@code masterSeed}. */
    public static <T> Stream<Case<T>> cases(long masterSeed, int count, Function<Generator, T> draw) {
        SplittableRandom seeds = new SplittableRandom(masterSeed);
        return IntStream.range(0, count).mapToObj(i -> {
            long seed = seeds.nextLong();
            return new Case<>("seed " + seed, draw.apply(seeded(seed)), seed);
        });
    }

    /** Between {@code min} and {@code max}, both included. */
    public int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** Between {@code min} and {@code max}, both included ({@code max} below {@link Long#MAX_VALUE}). */
    public long between(long min, long max) {
        return random.nextLong(min, max + 1);
    }

    /** Uniform in [min, max). */
    public double between(double min, double max) {
        return random.nextDouble(min, max);
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** A {@link Random} for code that takes one (such as a JSON respeller), seeded from this generator. */
    public Random random() {
        return new Random(random.nextLong());
    }

    /** The index of a choice, picked with the given relative weights. */
    public int weighted(int... weights) {
        int total = IntStream.of(weights).sum();
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: weights sum to " + total);
    }

    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    public <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    public <T> T orNull(double nullProbability, Supplier<T> value) {
        return chance(nullProbability) ? null : value.get();
    }

    public <T> List<T> list(int minSize, int maxSize, Supplier<T> element) {
        int size = between(minSize, maxSize);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    /** Up to {@code maxSize} distinct elements (fewer if the element source keeps repeating itself). */
    public <T> List<T> distinctList(int maxSize, Supplier<T> element) {
        int size = between(0, maxSize);
        Set<T> set = new LinkedHashSet<>();
        for (int attempt = 0; set.size() < size && attempt < 10 * size; attempt++) {
            set.add(element.get());
        }
        return List.copyOf(set);
    }

    /** Between {@code min} and {@code max} code points, each from {@code codePoint}. */
    public String string(int min, int max, IntSupplier codePoint) {
        int length = between(min, max);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(codePoint.getAsInt());
        }
        return out.toString();
    }

    /** Between {@code min} and {@code max} characters of {@code alphabet} (which may hold surrogate pairs). */
    public String string(int min, int max, String alphabet) {
        int[] codePoints = alphabet.codePoints().toArray();
        return string(min, max, () -> codePoints[random.nextInt(codePoints.length)]);
    }

    public int charOf(String alphabet) {
        int[] codePoints = alphabet.codePoints().toArray();
        return codePoints[random.nextInt(codePoints.length)];
    }

    /**
     * Well-formed Unicode text of up to {@code maxCodePoints}: mostly ASCII and Latin-1 (controls included), then
     * any other BMP character, awkward characters and whole surrogate pairs — never a lone surrogate.
     */
    public String unicodeText(int maxCodePoints) {
        return string(0, maxCodePoints, this::unicodeCodePoint);
    }

    /** Any UTF-16 text of up to {@code maxChars}, lone surrogates included: what a hostile client can send. */
    public String anyText(int maxChars) {
        int length = between(0, maxChars);
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            if (chance(0.1)) {
                out.append((char) between(0xD800, 0xDFFF)); // half a pair
            } else {
                out.appendCodePoint(unicodeCodePoint());
            }
        }
        out.setLength(length);
        return out.toString();
    }

    private int unicodeCodePoint() {
        return switch (weighted(6, 3, 2, 2, 1)) {
            case 0 -> between(0x00, 0xFF);
            case 1 -> {
                int c = between(0x100, 0xFFFF - 0x800);
                yield c >= 0xD800 ? c + 0x800 : c; // skip the surrogate block
            }
            case 2 -> AWKWARD_CHARS[random.nextInt(AWKWARD_CHARS.length)];
            case 3 -> oneOf(ASTRAL).codePointAt(0);
            default -> between(0x10000, 0x10FFFF);
        };
    }

    /** A finite double: any bit pattern, a short decimal, a whole number or a boundary value. */
    public double finiteDouble() {
        return switch (weighted(4, 2, 1, 2)) {
            case 0 -> {
                double d;
                do {
                    d = Double.longBitsToDouble(random.nextLong()); // every exponent equally likely
                } while (!Double.isFinite(d));
                yield d;
            }
            case 1 -> Math.round(between(-1e6, 1e6) * 100) / 100.0;
            case 2 -> (double) between(-(1L << 53), 1L << 53);
            default -> EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)];
        };
    }

    /** The boundary doubles {@link #finiteDouble} mixes in, for tests that list them as fixed cases. */
    public static double[] edgeDoubles() {
        return EDGE_DOUBLES.clone();
    }
}
