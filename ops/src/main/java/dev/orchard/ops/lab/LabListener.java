package dev.orchard.ops.lab;

/** What the progress display hears from the Macs; called from many threads at once. */
public interface LabListener {

    LabListener NONE = new LabListener() {
    };

    default void stageStarted(LabMachine mac, Stage stage) {
    }

    default void stageFinished(LabMachine mac, Stage stage, boolean ok) {
    }

    /** Bytes a Mac received (TFTP, root-image ranges, the agent's fetches). */
    default void bytesReceived(long bytes) {
    }

    default void macFinished(MacResult result) {
    }
}
