package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.spi.DropReason;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The served-interface check with a fake route table, fake interfaces and a fake clock. */
class InterfaceScopeTest {

    private static final Inet4Address LAB_MAC = Ipv4.parse("10.77.0.20");
    private static final Inet4Address OFFICE_MAC = Ipv4.parse("10.79.0.20");
    private static final Inet4Address UNROUTED_MAC = Ipv4.parse("192.0.2.1");
    private static final Inet4Address LAB_SIDE = Ipv4.parse("10.77.0.1");
    private static final Inet4Address OFFICE_SIDE = Ipv4.parse("10.79.0.1");

    /** Our address on the route to each Mac, as the kernel would answer. */
    private final Map<Inet4Address, Inet4Address> routes = Map.of(LAB_MAC, LAB_SIDE, OFFICE_MAC, OFFICE_SIDE);
    /** The host's interfaces now; tests change it to make interfaces appear or gain addresses. */
    private final Map<String, Set<Inet4Address>> nics = new HashMap<>(Map.of("eth0", Set.of(LAB_SIDE),
            "eth1", Set.of(OFFICE_SIDE)));
    private final AtomicLong now = new AtomicLong(1_000_000);
    private int lookups;

    private InterfaceScope scope(String... names) {
        return new InterfaceScope(Set.of(names), client -> Optional.ofNullable(routes.get(client)), name -> {
            lookups++;
            return Optional.ofNullable(nics.get(name));
        }, now::get);
    }

    @Test
    void aMacRoutedThroughAServedInterfaceIsAnswered() {
        assertThat(scope("eth0").refusal(LAB_MAC)).isEmpty();
        assertThat(scope("eth0", "eth1").refusal(OFFICE_MAC)).isEmpty();
    }

    @Test
    void aMacRoutedThroughAnotherInterfaceIsRefusedWithTheReason() {
        Optional<InterfaceScope.Refusal> r = scope("eth0").refusal(OFFICE_MAC);
        assertThat(r).isPresent();
        assertThat(r.get().reason()).isEqualTo(DropReason.INTERFACE_NOT_SERVED);
        assertThat(r.get().detail()).contains("10.79.0.20", "10.79.0.1", "[eth0]");
    }

    @Test
    void noRouteIsNoRouteNotAnInterfaceProblem() {
        assertThat(scope("eth0").refusal(UNROUTED_MAC)).map(InterfaceScope.Refusal::reason).contains(DropReason.NO_ROUTE);
    }

    @Test
    void anInterfaceMissingAtStartIsServedOnceItAppearsAfterTheNextRefresh() {
        nics.remove("eth1");
        InterfaceScope scope = scope("eth1"); // no exception: a warning only
        assertThat(scope.refusal(OFFICE_MAC)).map(InterfaceScope.Refusal::reason)
                .contains(DropReason.INTERFACE_NOT_SERVED);
        nics.put("eth1", Set.of(OFFICE_SIDE));
        now.addAndGet(InterfaceScope.REFRESH_MILLIS - 1);
        assertThat(scope.refusal(OFFICE_MAC)).as("cached until the refresh interval ends").isPresent();
        now.addAndGet(1);
        assertThat(scope.refusal(OFFICE_MAC)).isEmpty();
    }

    @Test
    void anAddressGainedAfterStartCountsAfterTheRefreshAndALostOneStopsCounting() {
        nics.put("eth0", Set.of());
        InterfaceScope scope = scope("eth0");
        assertThat(scope.refusal(LAB_MAC)).isPresent();
        nics.put("eth0", Set.of(LAB_SIDE));
        now.addAndGet(InterfaceScope.REFRESH_MILLIS);
        assertThat(scope.refusal(LAB_MAC)).isEmpty();
        nics.remove("eth0");
        now.addAndGet(InterfaceScope.REFRESH_MILLIS);
        assertThat(scope.refusal(LAB_MAC)).isPresent();
    }

    @Test
    void interfacesAreReadOncePerRefreshIntervalNotPerRequest() {
        InterfaceScope scope = scope("eth0", "eth1");
        int atStart = lookups;
        for (int i = 0; i < 1000; i++) {
            scope.refusal(i % 2 == 0 ? LAB_MAC : OFFICE_MAC);
        }
        assertThat(lookups).isEqualTo(atStart);
        now.addAndGet(InterfaceScope.REFRESH_MILLIS);
        scope.refusal(LAB_MAC);
        assertThat(lookups).isEqualTo(atStart + 2);
    }

    @Test
    void noNamesMeansEveryInterfaceAndNoScope() {
        assertThat(InterfaceScope.of(Set.of(), client -> Optional.of(LAB_SIDE))).isEmpty();
        assertThatThrownBy(this::scope).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSystemLookupFindsLoopbackAndNotAnUnknownName() {
        InterfaceScope.InterfaceAddresses system = InterfaceScope.InterfaceAddresses.system();
        assertThat(system.of("lo")).hasValueSatisfying(a -> assertThat(a).contains(Ipv4.parse("127.0.0.1")));
        assertThat(system.of("orch-none0")).isEmpty();
    }

    @Test
    void theConfigRejectsWhatCannotBeAnInterfaceName() {
        assertThat(BsdpServerConfig.builder().answerOnInterfaces(Set.of("eth1", "eth0.20")).build().answerOnInterfaces())
                .containsExactly("eth0.20", "eth1");
        assertThat(BsdpServerConfig.builder().build().answerOnInterfaces()).isEmpty();
        for (String bad : new String[] {"", "eth 0", "a-very-long-interface-name", "eth/0"}) {
            assertThatThrownBy(() -> BsdpServerConfig.builder().answerOnInterfaces(Set.of(bad)).build())
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a network interface name");
        }
    }
}
