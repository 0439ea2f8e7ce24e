package org.statekeeper.testing.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

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
     * Returns single UTF-16 code units, odd ones often: lone surrogates among them.
     *
     * @return the characters
     */
    public static Arbitrary<Character> chars() {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.chars().range('a', 'z')),
                Tuple.of(8, Arbitraries.chars().range(' ', '~')),
                Tuple.of(6, Arbitraries.chars().with(LISTING_CHARACTERS.toCharArray())),
                Tuple.of(4, Arbitraries.chars().range('\u0000', '\u001f')),
                Tuple.of(2, Arbitraries.chars().range('\u007f', '\u009f')),
                Tuple.of(4, Arbitraries.chars().with(' ', '\t', '\n', '\r', '\u000b', '\f', '\u00a0', '\u1680',
                        '\u2000', '\u2007', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff')),
                Tuple.of(3, Arbitraries.chars().range('\ud800', '\udfff')),
                Tuple.of(2, Arbitraries.chars().with('\ufffe', '\uffff', '\ufdd0', '\ufffd', '\u0301', '\u200d')),
                Tuple.of(3, Arbitraries.chars().with('٠', '٣', '٩', '۵', '०', '९', '０', '９')),
                Tuple.of(3, Arbitraries.chars().with('"', '\'', '`', '\\', '/', '<', '>', '&', '#', ':', '=', ',', ';')),
                Tuple.of(4, Arbitraries.chars().range('\u00a1', '\uffff')));
    }

    /**
     * Returns pieces of one or two code units: a character of {@link #chars()}, or a supplementary code
     * point (an emoji, a mathematical digit, a CJK extension ideograph) as its surrogate pair.
     *
     * @return the pieces
     */
    public static Arbitrary<String> pieces() {
        Arbitrary<String> paired = Arbitraries.oneOf(
                Arbitraries.integers().between(0x10000, 0x10FFFF),
                Arbitraries.of(0x1F600, 0x1F4A9, 0x1D7D8, 0x20000, 0xE0001, 0x10FFFF))
                .map(Character::toString);
        return Arbitraries.frequencyOf(Tuple.of(9, chars().map(String::valueOf)), Tuple.of(1, paired));
    }

    /**
     * Returns strings of exactly {@code length} UTF-16 code units made of {@link #pieces()}; a pair cut by the
     * length leaves a lone surrogate at the end, which is one more odd case.
     *
     * @param length the length in code units
     * @return the strings
     */
    public static Arbitrary<String> ofLength(int length) {
        if (length == 0) {
            return Arbitraries.just("");
        }
        return pieces().list().ofSize(length).map(p -> String.join("", p).substring(0, length));
    }

    /**
     * Returns strings whose length is drawn from {@code lengths}, often one of them exactly.
     *
     * @param lengths the lengths to draw from
     * @return the strings
     */
    public static Arbitrary<String> ofLengths(List<Integer> lengths) {
        return Arbitraries.of(lengths).flatMap(OddText::ofLength);
    }

    /**
     * Returns short strings (0 to {@code maxLength} code units) of {@link #pieces()}.
     *
     * @param maxLength the longest string
     * @return the strings
     */
    public static Arbitrary<String> upTo(int maxLength) {
        return Arbitraries.integers().between(0, maxLength).flatMap(OddText::ofLength);
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
