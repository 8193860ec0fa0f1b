package dev.orchard.agent.testing;

/** An image a test server serves: the facts a plan and the assertions need. */
public record ServedImage(String name, long size, String sha256, long chunkSize, String etag) {

    public String url() {
        return "/images/" + name;
    }
}
