package dev.orchard.ops.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who else can read or change the admin token file. The token can reimage every Mac in the lab, so a file
 * every user of the host may read (or write: then anyone can choose the token) is refused, as ssh refuses a
 * private key other users can read. A file readable by its group is the usual way to hand it to a service
 * ({@code root:orchard 0640}); that is fine when this server runs in that group, and a warning when it does
 * not (then the group's members, not the server, can read it).
 */
final class TokenFilePermissions {

    private TokenFilePermissions() {
    }

    static void check(Path file, String exposure, List<String> errors, List<String> warnings) throws IOException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        }
        Set<PosixFilePermission> p = a.permissions();
        String mode = PosixFilePermissions.toString(p);
        if (p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            errors.add("file " + file + " is " + (p.contains(PosixFilePermission.OTHERS_READ) ? "readable" : "writable")
                    + " by every user on this host (" + mode + "); anyone logged in here could " + exposure + ":"
                    + " chmod 600 " + file + " (or 640 with the service's group)");
            return;
        }
        if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.GROUP_WRITE)) {
            Optional<Set<Long>> mine = ProcessIdentity.current().map(ProcessIdentity::groups);
            Object gid = Files.getAttribute(file, "unix:gid");
            if (mine.isPresent() && gid instanceof Integer g && !mine.get().contains(g.longValue())) {
                warnings.add("file " + file + " is readable by group '" + a.group().getName() + "' (" + mode
                        + "), which this server does not run as: its members can " + exposure + "; chmod 600 it,"
                        + " or chgrp it to the service's group");
            }
        }
    }
}
