package dev.orchard.ops.mdm;

/**
 * The MDM that Orchard drives (Orchard never becomes one: push certificates are issued to MDM vendors).
 * The erase-and-re-enroll flow for Macs that cannot NetBoot asks it to queue one command for one device
 * and to wake that device with an APNs push. The first implementation speaks NanoMDM's HTTP API
 * ({@code PUT /v1/enqueue/{id}} with the raw command plist, {@code GET /v1/push/{id}}); tests use the
 * NanoMDM stub (mdm-sim) or an in-memory fake.
 */
public interface MdmGateway {

    /**
     * Queues {@code request} for the device enrolled as {@code udid}, then asks the MDM to push it.
     *
     * @param commandUuid the CommandUUID to put in the plist, chosen (and journaled) by the caller before
     *                    the call so that a restart in the middle never sends a second, different command
     * @throws MdmGatewayException when the MDM is down or refuses the command
     */
    void send(String udid, String commandUuid, MdmRequest request) throws MdmGatewayException;
}
