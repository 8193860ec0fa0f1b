package dev.orchard.bsdp.spi;

import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.MacAddress;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryBindingStoreTest {

    private static MacAddress mac(int n) {
        return new MacAddress(n);
    }

    @Test
    void hostNumbersAreStablePerMacAndNeverReused() {
        InMemoryBindingStore store = new InMemoryBindingStore(10, Clock.systemUTC());
        assertThat(store.bind(mac(1), new BootImageId(0x81000001)).hostNumber()).isEqualTo(1);
        assertThat(store.bind(mac(2), new BootImageId(0x81000001)).hostNumber()).isEqualTo(2);
        assertThat(store.bind(mac(1), new BootImageId(0x81000002)).hostNumber()).as("rebinding keeps the number").isEqualTo(1);
        assertThat(store.find(mac(1)).orElseThrow().image()).isEqualTo(new BootImageId(0x81000002));
        store.remove(mac(2));
        assertThat(store.bind(mac(2), new BootImageId(0x81000001)).hostNumber()).isEqualTo(3);
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void boundedCapacityForgetsTheLongestUnused() {
        InMemoryBindingStore store = new InMemoryBindingStore(3, Clock.systemUTC());
        for (int i = 1; i <= 3; i++) {
            store.bind(mac(i), new BootImageId(0x81000001));
        }
        store.find(mac(1)); // used recently
        store.bind(mac(4), new BootImageId(0x81000001));
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.find(mac(2))).isEmpty();
        assertThat(store.find(mac(1))).isPresent();
    }
}
