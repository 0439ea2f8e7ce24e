package org.statekeeper.spi;

/**
 * The widths of the log's columns, which bound what any key and value can be: the shipped DDL and the
 * JPA mappings use them, and the configured limits may not exceed them.
 */
public final class LogColumns {

    /** The widest key the log's key column holds, in characters. */
    public static final int KEY_LENGTH = 512;
    /** The largest encoded value the log's value column holds, in characters. */
    public static final int VALUE_LENGTH = 1_048_576;

    private LogColumns() {
    }
}
