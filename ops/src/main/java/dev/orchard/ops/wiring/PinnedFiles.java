package dev.orchard.ops.wiring;

import dev.orchard.http.spi.ImageManifest;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.PolicyRule;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.Workflow;
import dev.orchard.ops.config.WorkflowStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files the configuration pins with a sha256 (block images, OS installers and their first-boot
 * packages, workflow packages and profiles) are there and are those bytes. The agent checks every download
 * against the sha256 of its plan, so a file that differs fails on every Mac that gets it, and a missing one
 * is a 404: both are errors here. A missing file no policy hands out (staged ahead) is a warning.
 *
 * <p>Block images are hashed into their chunk manifest, stored beside them as the server would store it;
 * other files through {@link PayloadDigests}, which remembers each file's sha256 while its size, inode and
 * modification time stay the same.
 */
final class PinnedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PinnedFiles.class);

    /** One pinned file; {@code usedBy} is the first policy that hands it to Macs, or null. */
    private record Pinned(String what, String file, Path path, String sha256, Long size, SourceLocation at,
                          String usedBy) {
    }

    private final OrchardConfig config;
    private final Problems problems;
    private final Map<String, String> usedBy = new HashMap<>();

    private PinnedFiles(OrchardConfig config, Problems problems) {
        this.config = config;
        this.problems = problems;
    }

    static void check(ConfigSnapshot snapshot, Problems problems) {
        PinnedFiles p = new PinnedFiles(snapshot.config(), problems);
        p.findUses(snapshot);
        ImageLibrary images = new ImageLibrary(snapshot.config().blockFolder());
        for (Pinned b : p.blockImages()) {
            if (p.present(b)) {
                p.blockImage(b, images);
            }
        }
        PayloadDigests digests = PayloadDigests.in(snapshot.config().server().dataDir());
        for (Pinned f : p.payloads()) {
            if (p.present(f)) {
                p.payload(f, digests);
            }
        }
        digests.save();
    }

    /** Which policy first hands out each image, installer and workflow file (key: kind + name or path). */
    private void findUses(ConfigSnapshot snapshot) {
        for (PolicyRule r : config.policies()) {
            String policy = "policy '" + r.name() + "'";
            if (r.image() != null) {
                usedBy.putIfAbsent("image:" + r.image(), policy);
            }
            if (r.installer() != null) {
                usedBy.putIfAbsent("installer:" + r.installer(), policy);
            }
            if (r.workflow() != null) {
                snapshot.flatWorkflow(r.workflow()).orElse(List.of()).stream().map(PinnedFiles::payloadFile)
                        .filter(f -> f != null).forEach(f -> usedBy.putIfAbsent("payload:" + f, policy));
            }
        }
    }

    private List<Pinned> blockImages() {
        List<Pinned> out = new ArrayList<>();
        for (ImageSettings.BlockImage b : config.images().block()) {
            out.add(new Pinned("block image '" + b.name() + "'", b.file(), config.blockFolder().resolve(b.file()),
                    b.sha256(), b.size(), b.at(), usedBy.get("image:" + b.name())));
        }
        return out;
    }

    private List<Pinned> payloads() {
        List<Pinned> out = new ArrayList<>();
        for (ImageSettings.Installer i : config.images().installers()) {
            String user = usedBy.get("installer:" + i.name());
            out.add(payload("installer '" + i.name() + "'", i.file(), i.sha256(), i.size(), i.at(), user));
            ImageSettings.PayloadFile first = i.firstBootPackage();
            if (first != null) {
                out.add(payload("installer '" + i.name() + "' first_boot_package", first.file(), first.sha256(),
                        first.size(), i.at(), user));
            }
        }
        for (Workflow w : config.workflows()) {
            for (WorkflowStep s : w.steps()) {
                String file = payloadFile(s);
                if (file != null) {
                    String sha = s instanceof WorkflowStep.Package p ? p.sha256() : ((WorkflowStep.Profile) s).sha256();
                    Long size = s instanceof WorkflowStep.Package p ? p.size() : ((WorkflowStep.Profile) s).size();
                    out.add(payload("workflow '" + w.name() + "' step " + s.type() + ":" + s.name(), file, sha, size,
                            s.at(), usedBy.get("payload:" + file)));
                }
            }
        }
        return out;
    }

    private Pinned payload(String what, String file, String sha256, Long size, SourceLocation at, String user) {
        return new Pinned(what, file, config.payloadsFolder().resolve(file), sha256, size, at, user);
    }

    /** The payloads-folder file of a package or profile step; null for URLs and other steps. */
    private static String payloadFile(WorkflowStep s) {
        return s instanceof WorkflowStep.Package p ? p.file() : s instanceof WorkflowStep.Profile p ? p.file() : null;
    }

    private boolean present(Pinned p) {
        if (Files.isRegularFile(p.path()) && Files.isReadable(p.path())) {
            return true;
        }
        String why = Files.isRegularFile(p.path()) ? " is not readable by this process" : " does not exist";
        if (p.usedBy() != null) {
            problems.error(p.at(), p.what() + ": file " + p.path() + why + "; " + p.usedBy() + " hands it to Macs");
        } else {
            problems.warn(p.at(), p.what() + ": file " + p.path() + why + " on this host");
        }
        return false;
    }

    private void blockImage(Pinned b, ImageLibrary images) {
        ImageManifest m;
        try {
            java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
            m = images.manifest(b.file(), (done, total) -> {
                if (told.compareAndSet(false, true)) {
                    LOG.info("hashing block image {} ({} bytes) for its manifest", b.path(), total);
                }
            });
        } catch (IOException | RuntimeException e) {
            problems.error(b.at(), b.what() + ": cannot hash " + b.path() + ": " + e.getMessage());
            return;
        }
        if (b.sha256() != null && !b.sha256().equalsIgnoreCase(m.sha256())) {
            problems.error(b.at(), mismatch(b, m.sha256()) + "; no plan would hand it out (re-import it with"
                    + " `orchard image import`, or pin the sha256 of the image you tested)");
        }
        if (b.size() != null && b.size() != m.size()) {
            problems.warn(b.at(), b.what() + ": size: " + b.size() + " but " + b.path() + " has " + m.size() + " bytes");
        }
    }

    private void payload(Pinned f, PayloadDigests digests) {
        String actual;
        try {
            actual = digests.sha256(f.path());
        } catch (IOException | RuntimeException e) {
            problems.error(f.at(), f.what() + ": cannot hash " + f.path() + ": " + e.getMessage());
            return;
        }
        if (!f.sha256().equalsIgnoreCase(actual)) {
            problems.error(f.at(), mismatch(f, actual) + "; the agent checks it after downloading and would fail on"
                    + " every Mac");
        }
        long size = f.path().toFile().length();
        if (f.size() != null && f.size() != size) {
            problems.error(f.at(), f.what() + ": size: " + f.size() + " but " + f.path() + " has " + size
                    + " bytes; the plan would give Macs the wrong size");
        }
    }

    private static String mismatch(Pinned p, String actual) {
        return p.what() + ": " + p.path() + " has sha256 " + actual + ", but the configuration pins "
                + p.sha256().toLowerCase(Locale.ROOT);
    }
}
