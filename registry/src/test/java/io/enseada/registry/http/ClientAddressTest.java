package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress none = new ClientAddress(List.of());
    private final ClientAddress ingress = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.5", "fd00::/8"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(none.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        assertThat(ingress.resolve("203.0.113.9", List.of("10.1.2.3, 198.51.100.1")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void theRightMostAddressThatIsNoTrustedProxyIsTheClient() {
        // What the client wrote itself (left) is not believed; each proxy appended the peer it saw.
        assertThat(ingress.resolve("10.0.0.7", List.of("1.1.1.1, 198.51.100.23, 192.168.1.5")))
                .isEqualTo("198.51.100.23");
        assertThat(ingress.resolve("10.0.0.7", List.of("1.1.1.1", "198.51.100.23")))
                .as("several headers read as one list")
                .isEqualTo("198.51.100.23");
        assertThat(ingress.resolve("10.0.0.7", List.of()))
                .as("a proxy that sent no header is the client")
                .isEqualTo("10.0.0.7");
        assertThat(ingress.resolve("10.0.0.7", List.of("10.9.9.9")))
                .as("only proxies: the farthest one")
                .isEqualTo("10.9.9.9");
    }

    @Test
    void portsBracketsAndIpv6AreUnderstood() {
        assertThat(ingress.resolve("10.0.0.7", List.of("198.51.100.23:41234"))).isEqualTo("198.51.100.23");
        assertThat(ingress.resolve("fd00::1", List.of("[2001:db8::7]:443"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(ingress.resolve("0:0:0:0:0:0:0:1", List.of("198.51.100.23")))
                .as("::1 is not trusted here")
                .isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void aHopThatIsNoAddressStopsTheWalkAtTheProxyThatWroteIt() {
        assertThat(ingress.resolve("10.0.0.7", List.of("198.51.100.23, unknown")))
                .isEqualTo("10.0.0.7");
        assertThat(ingress.resolve("10.0.0.7", List.of("evil.example.com"))).isEqualTo("10.0.0.7");
    }

    @Test
    void entriesThatAreNoAddressOrRangeAreRefused() {
        assertThatThrownBy(() -> new ClientAddress(List.of("ingress.local"))).hasMessageContaining("'ingress.local'");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).hasMessageContaining("'10.0.0.0/33'");
        assertThatThrownBy(() -> new ClientAddress(List.of("300.0.0.1"))).hasMessageContaining("'300.0.0.1'");
    }
}
