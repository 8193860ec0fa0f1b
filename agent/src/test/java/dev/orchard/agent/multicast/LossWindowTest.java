package dev.orchard.agent.multicast;

import org.junit.jupiter.api.Test;

import static dev.orchard.multicast.wire.ChunkDatagram.MAX_PAYLOAD;
import static org.assertj.core.api.Assertions.assertThat;

/** The receiver's loss per window, from the places of the datagrams in the stream's sequence. */
class LossWindowTest {

    /** Three chunks of 10 slices, the last one of 3 (a short last chunk). */
    final LossWindow w = new LossWindow(3, 10L * MAX_PAYLOAD, 2L * MAX_PAYLOAD + 5);

    @Test
    void gapsInsideAChunkAcrossChunksAndAcrossPassesAreCounted() {
        w.observe(0, 0, 0);
        w.observe(0, 0, MAX_PAYLOAD);
        w.observe(0, 0, 4 * MAX_PAYLOAD);           // slices 2 and 3 missed
        w.observe(0, 1, MAX_PAYLOAD);               // 5 … 9 of chunk 0 and 0 of chunk 1 missed: 6
        assertThat(w.take()).isEqualTo(new LossWindow.Counts(4, 8));
        w.observe(0, 2, 2 * MAX_PAYLOAD);           // 2 … 9 of chunk 1, 0 and 1 of chunk 2 missed: 10
        w.observe(1, 0, MAX_PAYLOAD);               // the loop: chunk 0 slice 0 of pass 1 missed
        assertThat(w.take()).isEqualTo(new LossWindow.Counts(2, 11));
        assertThat(w.take()).isEqualTo(new LossWindow.Counts(0, 0));
    }

    @Test
    void aStepBackCountsAsReceivedAndRestartsTheSequence() {
        w.observe(3, 1, 5 * MAX_PAYLOAD);
        w.observe(0, 0, 0);                          // the sender started again (a server restart)
        w.observe(0, 0, MAX_PAYLOAD);
        assertThat(w.take()).isEqualTo(new LossWindow.Counts(3, 0));
    }
}
