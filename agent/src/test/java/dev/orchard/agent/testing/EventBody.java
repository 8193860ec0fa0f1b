package dev.orchard.agent.testing;

/** An event as a test server received it (the contract's fields). */
public record EventBody(long seq, String runId, String stage, String step, String result, Long bytesDone,
                        Long bytesTotal, String message, String at) {

    /** {@code stage[/step]:result}, e.g. {@code workflow/script:hello:succeeded}. */
    public String label() {
        return stage + (step == null ? "" : "/" + step) + ":" + result;
    }
}
