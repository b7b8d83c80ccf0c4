package dev.countersign.core;

import java.util.Locale;

/**
 * How Countersign compares email addresses: as one identity space for requesters, approvers and deciders.
 * The contract admits ASCII addresses only, so lower-casing with the root locale is exact.
 */
public final class EmailAddress {
    private EmailAddress() {
    }

    /** The form used for comparison and lookup keys. Local parts are treated as case-insensitive, as mail systems do. */
    public static String normalize(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    /** The WHATWG form the contracts use (ASCII only), at most 254 characters. */
    private static final java.util.regex.Pattern VALID = java.util.regex.Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    /** True for an address the contracts accept (name@example.com), ignoring surrounding white space. */
    public static boolean isValid(String address) {
        if (address == null) {
            return false;
        }
        String text = address.trim();
        return text.length() <= 254 && VALID.matcher(text).matches();
    }

    /** True when both name the same mailbox; the separation-of-duties check rests on this. */
    public static boolean sameMailbox(String a, String b) {
        return a != null && b != null && normalize(a).equals(normalize(b));
    }
}
