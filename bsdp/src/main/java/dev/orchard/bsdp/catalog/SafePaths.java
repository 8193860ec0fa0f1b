package dev.orchard.bsdp.catalog;

/** Checks on paths written in NBImageInfo.plist, so a plist can never point a client outside its bundle. */
final class SafePaths {

    private SafePaths() {
    }

    /** One path segment: not empty, not {@code .} or {@code ..}, no slash, backslash or NUL. */
    static boolean isPlainName(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\\') < 0
                && s.indexOf('\0') < 0;
    }

    /** A relative, '/'-separated path of plain names: no leading slash, no {@code ..}. */
    static boolean isSafeRelative(String s) {
        if (s.isEmpty() || s.startsWith("/")) {
            return false;
        }
        for (String part : s.split("/", -1)) {
            if (!isPlainName(part)) {
                return false;
            }
        }
        return true;
    }
}
