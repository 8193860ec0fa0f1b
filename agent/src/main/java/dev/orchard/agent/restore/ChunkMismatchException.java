package dev.orchard.agent.restore;

import dev.orchard.agent.api.ManifestChunk;

/** A chunk's bytes did not hash to the manifest's sha256. */
final class ChunkMismatchException extends Exception {

    private final int chunk;

    ChunkMismatchException(ManifestChunk chunk, String actual) {
        super("chunk " + chunk.index() + " (offset " + chunk.offset() + ", " + chunk.length()
                + " bytes): sha256 is " + actual + ", the manifest says " + chunk.sha256());
        this.chunk = chunk.index();
    }

    int chunk() {
        return chunk;
    }
}
