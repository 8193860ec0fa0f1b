package dev.orchard.ops.wiring;

import dev.orchard.mdm.client.ApiResult;
import dev.orchard.mdm.client.NanoMdmClient;
import dev.orchard.mdm.client.NanoMdmException;
import dev.orchard.mdm.command.CommandPlist;
import dev.orchard.mdm.command.DeviceInformation;
import dev.orchard.mdm.command.EraseDevice;
import dev.orchard.mdm.command.InstallEnterpriseApplication;
import dev.orchard.mdm.command.InstallProfile;
import dev.orchard.mdm.command.RemoveProfile;
import dev.orchard.mdm.profile.ManagedPreferencesProfile;
import dev.orchard.mdm.command.MdmCommand;
import dev.orchard.mdm.command.ObliterationBehavior;
import dev.orchard.mdm.command.SecurityInfo;
import dev.orchard.ops.mdm.MdmGateway;
import dev.orchard.ops.mdm.MdmGatewayException;
import dev.orchard.ops.mdm.MdmRequest;
import dev.orchard.ops.spi.MdmMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * {@link MdmGateway} over NanoMDM's API: the request becomes Apple's command plist with the caller's
 * CommandUUID, {@code PUT /v1/enqueue/{udid}} queues it and pushes. Sending the same CommandUUID again (a retry
 * after a failure, or after a restart) never queues a second command: NanoMDM refuses a CommandUUID it has
 * (kv storage: {@code command already exists}; MySQL {@code Duplicate entry}; PostgreSQL {@code duplicate key
 * value}), and then only a push is sent ({@code GET /v1/push/{udid}}).
 *
 * <p>Errors: the MDM unreachable, timing out, or answering 5xx is retryable; so is a command queued whose push
 * failed (the retry only pushes). A refused API key, a wrong URL (3xx/4xx), a command NanoMDM cannot decode, or
 * a request Apple's schema does not allow for a Mac are not.
 */
public final class NanoMdmGateway implements MdmGateway {

    private static final Logger LOG = LoggerFactory.getLogger(NanoMdmGateway.class);

    /** What NanoMDM's storages say when a CommandUUID is already stored (see the class comment). */
    private static final List<String> ALREADY_STORED = List.of("command already exists", "Duplicate entry",
            "duplicate key value");

    private final NanoMdmClient client;
    private final MdmMetrics metrics;

    public NanoMdmGateway(NanoMdmClient client, MdmMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    @Override
    public void send(String udid, String commandUuid, MdmRequest request) throws MdmGatewayException {
        MdmMetrics.Command type = commandTag(request);
        byte[] plist;
        try {
            plist = CommandPlist.xml(command(request), commandUuid);
        } catch (IllegalArgumentException e) {
            metrics.commandSent(type, MdmMetrics.Outcome.REFUSED);
            throw new MdmGatewayException(request.requestType() + " for " + udid + " cannot be built: " + e.getMessage(),
                    false, e);
        }
        try {
            ApiResult r = client.enqueue(List.of(udid), plist, false);
            finish(udid, commandUuid, request, type, r);
        } catch (NanoMdmException e) {
            Optional<ApiResult> r = e.result().filter(x -> x.commandUuid().filter(commandUuid::equals).isPresent());
            if (r.filter(NanoMdmGateway::alreadyStored).isPresent()) {
                LOG.info("{} {} for {} is already queued in NanoMDM; pushing again", request.requestType(), commandUuid, udid);
                pushOnly(udid, commandUuid, request, type);
                return;
            }
            if (r.filter(x -> x.enqueuedFor(udid)).isPresent()) {
                metrics.commandSent(type, MdmMetrics.Outcome.QUEUED_NOT_PUSHED);
                throw new MdmGatewayException(request.requestType() + " " + commandUuid + " is queued for " + udid
                        + " but the push failed (" + e.getMessage() + "); the Mac gets it when it next connects, and a"
                        + " retry only pushes", true, e);
            }
            metrics.commandSent(type, e.retryable() ? MdmMetrics.Outcome.MDM_UNAVAILABLE : MdmMetrics.Outcome.REFUSED);
            throw new MdmGatewayException(request.requestType() + " for " + udid + ": " + e.getMessage(), e.retryable(), e);
        }
    }

    private void pushOnly(String udid, String commandUuid, MdmRequest request, MdmMetrics.Command type)
            throws MdmGatewayException {
        try {
            finish(udid, commandUuid, request, type, client.push(List.of(udid)));
        } catch (NanoMdmException e) {
            metrics.commandSent(type, MdmMetrics.Outcome.QUEUED_NOT_PUSHED);
            throw new MdmGatewayException(request.requestType() + " " + commandUuid + " is queued for " + udid
                    + " but the push failed: " + e.getMessage(), e.retryable(), e);
        }
    }

    /** A 200/207: for one device, 207 cannot happen, but the per-device result is what counts. */
    private void finish(String udid, String commandUuid, MdmRequest request, MdmMetrics.Command type, ApiResult r)
            throws MdmGatewayException {
        if (!r.pushedTo(udid)) {
            metrics.commandSent(type, MdmMetrics.Outcome.QUEUED_NOT_PUSHED);
            throw new MdmGatewayException(request.requestType() + " " + commandUuid + " is queued for " + udid
                    + " but was not pushed (" + r.errorFor(udid).orElse("no push result") + ")", true, null);
        }
        metrics.commandSent(type, MdmMetrics.Outcome.SENT);
        LOG.info("{} {} queued and pushed to {}", request.requestType(), commandUuid, udid);
    }

    private static boolean alreadyStored(ApiResult r) {
        return r.commandError().filter(e -> ALREADY_STORED.stream().anyMatch(e::contains)).isPresent();
    }

    private static MdmMetrics.Command commandTag(MdmRequest request) {
        if (request instanceof MdmRequest.Erase) {
            return MdmMetrics.Command.ERASE_DEVICE;
        }
        if (request instanceof MdmRequest.DeviceInformation) {
            return MdmMetrics.Command.DEVICE_INFORMATION;
        }
        if (request instanceof MdmRequest.InstallAgentProfile) {
            return MdmMetrics.Command.INSTALL_PROFILE;
        }
        if (request instanceof MdmRequest.RemoveProfile) {
            return MdmMetrics.Command.REMOVE_PROFILE;
        }
        return request instanceof MdmRequest.SecurityInfo ? MdmMetrics.Command.SECURITY_INFO
                : MdmMetrics.Command.INSTALL_ENTERPRISE_APPLICATION;
    }

    /** Orchard's request as Apple's command; {@link IllegalArgumentException} when Apple's schema forbids it. */
    static MdmCommand command(MdmRequest request) {
        if (request instanceof MdmRequest.Erase e) {
            EraseDevice erase = new EraseDevice(e.pin(), Optional.of(ObliterationBehavior.of(e.obliterationBehavior())),
                    e.preserveDataPlan(), e.disallowProximitySetup());
            if (!erase.forMac()) {
                throw new IllegalArgumentException("PreserveDataPlan and DisallowProximitySetup are not available on"
                        + " macOS (Apple's schema, device.erase.yaml: introduced n/a)");
            }
            return erase;
        }
        if (request instanceof MdmRequest.DeviceInformation d) {
            return new DeviceInformation(d.queries());
        }
        if (request instanceof MdmRequest.SecurityInfo) {
            return new SecurityInfo();
        }
        if (request instanceof MdmRequest.InstallAgentProfile p) {
            return new InstallProfile(new ManagedPreferencesProfile(p.identifier(), p.profileUuid(), p.payloadUuid(),
                    "Orchard agent enrollment", "Orchard", p.domain(), p.settings()).xml());
        }
        if (request instanceof MdmRequest.RemoveProfile r) {
            return new RemoveProfile(r.identifier());
        }
        MdmRequest.InstallEnterpriseApplication i = (MdmRequest.InstallEnterpriseApplication) request;
        return InstallEnterpriseApplication.of(i.manifestUrl());
    }
}
