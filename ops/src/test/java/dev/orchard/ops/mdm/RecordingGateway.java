package dev.orchard.ops.mdm;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory MDM for the flow's tests: records every command handed to it, in order; can be down (a
 * retryable failure, as a 5xx or a refused connection), refusing (not retryable, as a 4xx), or cut off
 * (takes the command, then the call fails as if the server died before it heard back).
 */
final class RecordingGateway implements MdmGateway {

    enum Mode { UP, DOWN, REFUSING, TAKES_THEN_FAILS }

    /** One command the MDM was given. */
    record Sent(String udid, String commandUuid, MdmRequest request) {
        String type() {
            return request.requestType();
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private int attempts;
    private volatile Mode mode = Mode.UP;

    void mode(Mode m) {
        mode = m;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    synchronized int attempts() {
        return attempts;
    }

    /** The newest command of this type, as the Mac would receive it. */
    synchronized Sent last(String requestType) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).type().equals(requestType)) {
                return sent.get(i);
            }
        }
        throw new AssertionError("no " + requestType + " was sent; sent: " + sent);
    }

    @Override
    public synchronized void send(String udid, String commandUuid, MdmRequest request) throws MdmGatewayException {
        attempts++;
        switch (mode) {
            case DOWN -> throw new MdmGatewayException("connection refused", true, null);
            case REFUSING -> throw new MdmGatewayException("400 Bad Request", false, null);
            case TAKES_THEN_FAILS -> {
                sent.add(new Sent(udid, commandUuid, request));
                throw new MdmGatewayException("read timed out", true, null);
            }
            default -> sent.add(new Sent(udid, commandUuid, request));
        }
    }
}
