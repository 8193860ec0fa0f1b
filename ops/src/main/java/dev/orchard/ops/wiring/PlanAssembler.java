package dev.orchard.ops.wiring;

import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.InstallStep;
import dev.orchard.http.spi.MulticastStep;
import dev.orchard.http.spi.Plan;
import dev.orchard.http.spi.PlanAction;
import dev.orchard.http.spi.PlanMachine;
import dev.orchard.http.spi.RestoreMethod;
import dev.orchard.http.spi.RestoreStep;
import dev.orchard.http.spi.Workflow;
import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.policy.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;

/**
 * A policy {@link Decision} as the agent API's {@link Plan} (docs/agent-api.md): URLs relative to the
 * server root, the block image's size, sha256 and chunk size from its manifest, installer and payload
 * checksums from the configuration, the workflow with variables already substituted, the computer name,
 * and the run and its token that {@link dev.orchard.ops.admission.AgentAdmission} let in.
 */
public final class PlanAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(PlanAssembler.class);

    private final ImageLibrary images;
    private final ConfigMulticastPort multicast;

    public PlanAssembler(ImageLibrary images) {
        this(images, null);
    }

    /** With the multicast port, told which Macs' plans stream which image (docs/multicast.md). */
    public PlanAssembler(ImageLibrary images, ConfigMulticastPort multicast) {
        this.images = images;
        this.multicast = multicast;
    }

    /** The plan of run {@code runId} (token {@code token}) for a decision whose action is not {@code none}. */
    public Plan plan(OrchardConfig config, Decision d, String runId, String token) throws IOException {
        String mac = d.machine().mac().toString();
        PlanSteps steps = new PlanSteps(config.payloadsFolder());
        // an erased Mac's agent runs in full macOS after re-enrolling: its plan is the workflow alone
        PlanAction action = d.action() == Action.ERASE ? PlanAction.THIN : PlanAction.valueOf(d.action().name());
        String name = d.computerName() != null ? d.computerName() : d.machineName();
        PlanMachine machine = new PlanMachine(mac, d.machine().serial(), d.machine().model(), name);
        RestoreStep restore = d.image() == null ? null : restore(d.image());
        if (restore != null && multicast != null && config.multicast() != null
                && config.multicast().streams(d.rule().name(), d.image().name(), d.machine().mac(), d.machine().serial(),
                        new MachineDirectory(config.groups(), config.inventory()))) {
            restore = restore.withMulticast(MulticastStep.of(ConfigMulticastPort.settings(config), restore.sha256()));
            multicast.grant(mac, restore.image());
        }
        InstallStep install = d.installer() == null ? null : install(d.installer(), steps);
        Workflow workflow = d.workflow() == null ? null
                : new Workflow(d.workflow().name(), steps.convert(d.workflow().steps()));
        return new Plan(Plan.VERSION, machine, action, d.rule().name(), runId, token, Plan.eventsUrl(mac),
                restore, install, workflow, true);
    }

    private RestoreStep restore(ImageSettings.BlockImage image) throws IOException {
        ImageManifest m = images.manifest(image.file(), ManifestProgress.NONE);
        if (image.sha256() != null && !image.sha256().equalsIgnoreCase(m.sha256())) {
            // the configuration pins the bytes an admin tested; never hand out different ones
            throw new IOException("block image '" + image.name() + "' (" + image.file() + ") has sha256 " + m.sha256()
                    + " but the configuration (" + image.at() + ") says " + image.sha256().toLowerCase(Locale.ROOT));
        }
        if (image.size() != null && image.size() != m.size()) {
            LOG.warn("block image '{}' is {} bytes; the configuration ({}) says {}", image.name(), m.size(),
                    image.at(), image.size());
        }
        String url = HttpMounts.IMAGES_PREFIX + "/" + PlanSteps.encodePath(image.file());
        return new RestoreStep(image.file(), url, url + "/manifest", m.size(), m.sha256(), m.chunkSize(),
                RestoreMethod.BLOCK);
    }

    private static InstallStep install(ImageSettings.Installer installer, PlanSteps steps) {
        return new InstallStep(installer.name(), steps.url(installer.file(), null),
                steps.size(installer.file(), installer.size()), installer.sha256(),
                installer.firstBootPackage() == null ? null : steps.payload(installer.firstBootPackage()));
    }
}
