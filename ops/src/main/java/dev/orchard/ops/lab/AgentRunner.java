package dev.orchard.ops.lab;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Runs the restore agent for one simulated Mac, as its NBI's startup script would: against the server,
 * with the Mac's identity, onto a target file in its own work folder. {@link InProcessAgent} runs the real
 * agent in this JVM.
 */
@FunctionalInterface
public interface AgentRunner {

    /**
     * @param console receives one line per event the agent reports ({@code plan succeeded: …}), as it
     *                happens, for the stage clock and the trail
     */
    AgentOutcome run(LabMachine mac, URI server, Path workFolder, Path target, Consumer<String> console)
            throws InterruptedException;

    /**
     * The agent of a modern Mac after its erase, in full macOS: no netboot ticket, let in with
     * {@code enrollmentCode} ({@code X-Orchard-Ticket}, docs/agent-api.md "Tickets").
     */
    default AgentOutcome runAdmitted(LabMachine mac, URI server, Path workFolder, Path target, String enrollmentCode,
                                     Consumer<String> console) throws InterruptedException {
        throw new UnsupportedOperationException("this agent runner has no admission by enrollment code");
    }

    /**
     * How the agent run ended.
     *
     * @param status        the agent's exit reason ({@code ok}, {@code no-plan}, {@code verify-failed}, …)
     * @param action        the plan's action, or null without a plan
     * @param message       what went wrong, or the last stage's message
     * @param bytesFetched    image and payload bytes it received
     * @param eventsDelivered events the server accepted (202)
     * @param eventsPending   events it could not deliver
     * @param summary       its one-line summary
     */
    record AgentOutcome(String status, String action, String message, long bytesFetched, long eventsDelivered,
                        long eventsPending, String summary) {

        public static final String OK = "ok";
        public static final String NO_PLAN = "no-plan";
        /** The server refused to give the plan (403/409): no netboot ticket, or one already claimed. */
        public static final String NOT_ADMITTED = "not-admitted";

        public boolean ok() {
            return OK.equals(status);
        }
    }
}
