package dev.orchard.ops.wiring;

import dev.orchard.ops.mdm.MdmEventSink;
import dev.orchard.ops.mdm.MdmGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What receives the MDM's events ({@code POST /api/v1/mdm/webhook}) in a running server: given the gateway
 * commands go out through and the server (its journal, snapshot and metrics), returns the sink. Called once
 * during {@link OrchardServer#start(ServeOptions, MdmEventSinkFactory)}, after the journal is open and before
 * HTTP listens, and only when {@code mdm:} is configured. A server's default is {@link #ERASE_FLOW}: the erase
 * flow drives the gateway and takes the events; {@link #LOGGING} only logs them.
 */
@FunctionalInterface
public interface MdmEventSinkFactory {

    MdmEventSink create(MdmGateway gateway, OrchardServer server);

    /** The server's erase flow sends through the gateway and receives the events (docs/mdm.md, "The erase flow"). */
    MdmEventSinkFactory ERASE_FLOW = (gateway, server) -> {
        server.erase().useGateway(gateway);
        return server.erase().events();
    };

    /** Logs every event and does nothing else. */
    MdmEventSinkFactory LOGGING = (gateway, server) -> new MdmEventSink() {
        private final Logger log = LoggerFactory.getLogger("dev.orchard.ops.mdm.events");

        @Override
        public void commandResult(String udid, String commandUuid, CommandStatus status,
                                  java.util.Map<String, Object> response) {
            log.info("MDM: {} answered {} with {}", udid, commandUuid.isEmpty() ? "(no command)" : commandUuid, status);
        }

        @Override
        public void checkIn(String udid, CheckInKind kind, java.util.Optional<String> serialNumber) {
            log.info("MDM: {} checked in: {}{}", udid, kind, serialNumber.map(s -> " (serial " + s + ")").orElse(""));
        }
    };
}
