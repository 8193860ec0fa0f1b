package dev.orchard.ops.mdm;

import java.util.Locale;

/** The journal's and the API's names of the flow's closed sets: lower case, words joined by '-'. */
final class WireNames {

    private WireNames() {
    }

    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String wire, String what) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + wire + "' is not " + what);
    }
}
