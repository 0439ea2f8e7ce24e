package org.statekeeper.testing.fuzz;

import java.util.List;

/**
 * Generators of text that trips parsers and databases: every kind of control character, whitespace
 * of every script, lone and paired surrogates, noncharacters, the byte order mark, combining marks,
 * digits of other scripts, quotes and backslashes, and the characters that mean something in a
 * prefix listing ({@code % _ ! * \ [ ]}), mixed with plain ASCII so that most strings still look
 * like something a user would type.
 */
public final class OddText {

    /** Characters a SQL LIKE, a glob or an escape scheme treats specially. */
    public static final String LISTING_CHARACTERS = "%_!*\\[]^$.?";

    private OddText() {
    }

    /**
     * Returns code points, odd ones often: lone surrogates (a surrogate code point is one UTF-16 unit) and
     * supplementary ones (an emoji, a mathematical digit, a CJK extension ideograph) among them.
     *
     * @return the code points
     */
    public static Gen<Integer> codePoints() {
        return Gen.frequency(
                weight(270, Gen.ints('a', 'z')),
                weight(72, Gen.ints(' ', '~')),
                weight(54, ofChars(LISTING_CHARACTERS)),
                weight(36, Gen.ints(0x0000, 0x001f)),
                weight(18, Gen.ints(0x007f, 0x009f)),
                weight(36, ofChars(" \t\n\r\u000b\f\u00a0\u1680\u2000\u2007\u200b\u2028\u2029\u202f\u205f\u3000\ufeff")),
                weight(27, Gen.ints(0xd800, 0xdfff)),
                weight(18, ofChars("\ufffe\uffff\ufdd0\ufffd\u0301\u200d")),
                weight(27, ofChars("٠٣٩۵०९０９")),
                weight(27, ofChars("\"'`\\/<>&#:=,;")),
                weight(36, Gen.ints(0x00a1, 0xffff)),
                weight(35, Gen.ints(0x10000, 0x10ffff)),
                weight(34, Gen.of(0x1F600, 0x1F4A9, 0x1D7D8, 0x20000, 0xE0001, 0x10FFFF)));
    }

    private static Gen.Weighted<Integer> weight(int weight, Gen<Integer> gen) {
        return new Gen.Weighted<>(weight, gen);
    }

    private static Gen<Integer> ofChars(String chars) {
        return Gen.of(chars.chars().boxed().toArray(Integer[]::new));
    }

    /**
     * Returns strings of exactly {@code length} UTF-16 code units made of {@link #codePoints()}; a pair cut by the
     * length leaves a lone surrogate at the end, which is one more odd case.
     *
     * @param length the length in code units
     * @return the strings
     */
    public static Gen<String> ofLength(int length) {
        return length == 0 ? Gen.of("") : Gen.text(codePoints(), length);
    }

    /**
     * Returns strings whose length is drawn from {@code lengths}.
     *
     * @param lengths the lengths to draw from
     * @return the strings
     */
    public static Gen<String> ofLengths(List<Integer> lengths) {
        return Gen.of(lengths.toArray(Integer[]::new)).flatMap(OddText::ofLength);
    }

    /**
     * Returns short strings (0 to {@code maxLength} code units) of {@link #codePoints()}, the empty one an edge case.
     *
     * @param maxLength the longest string
     * @return the strings
     */
    public static Gen<String> upTo(int maxLength) {
        return Gen.ints(0, maxLength).flatMap(OddText::ofLength);
    }

    /**
     * Returns {@code text} quoted, with every character outside printable ASCII written as a backslash, {@code u} and four hex digits, so
     * that a failing sample prints whole (a NUL cuts a test report short) and can be pasted into a test.
     *
     * @param text the text, may be null
     * @return the escaped text, or {@code null}
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c >= ' ' && c <= '~' && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
