package io.wsengine.spring.cluster;

/**
 * Redis stream entry ids ({@code 1733131200000-0}: milliseconds, a dash, a sequence), compared as the
 * pair of numbers they are, not as text ({@code 9-0} comes before {@code 10-0}).
 */
public final class StreamIds {
    private StreamIds() {
    }

    /**
     * {@return whether the text is a stream entry id}
     *
     * @param id the text, or null
     */
    public static boolean isValid(String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        return dash > 0 && dash < id.length() - 1 && digits(id, 0, dash) && digits(id, dash + 1, id.length())
                && dash <= 19 && id.length() - dash - 1 <= 19;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return negative, zero or positive as {@code a} comes before, is, or comes after {@code b}}
     *
     * @param a a valid id
     * @param b a valid id
     */
    public static int compare(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byTime = Long.compareUnsigned(Long.parseUnsignedLong(a, 0, dashA, 10), Long.parseUnsignedLong(b, 0, dashB, 10));
        if (byTime != 0) {
            return byTime;
        }
        return Long.compareUnsigned(Long.parseUnsignedLong(a, dashA + 1, a.length(), 10),
                Long.parseUnsignedLong(b, dashB + 1, b.length(), 10));
    }

    /**
     * {@return the later of two ids}
     *
     * @param a a valid id
     * @param b a valid id
     */
    public static String later(String a, String b) {
        return compare(a, b) >= 0 ? a : b;
    }
}
