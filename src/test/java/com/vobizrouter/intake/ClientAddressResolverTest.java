package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Pins when X-Forwarded-For is believed and which hop is the client. */
class ClientAddressResolverTest {

    private final ClientAddressResolver behindProxy = new ClientAddressResolver(
            List.of(CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("fd00::/8")));

    @Test
    void ignoresForwardedForWhenNoProxyIsTrusted() {
        ClientAddressResolver direct = new ClientAddressResolver(List.of());
        assertThat(direct.resolve("198.51.100.7", headers("203.0.113.1"))).isEqualTo("198.51.100.7");
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        assertThat(behindProxy.resolve("198.51.100.7", headers("203.0.113.1"))).isEqualTo("198.51.100.7");
    }

    @Test
    void takesTheAddressTheTrustedProxyAdded() {
        assertThat(behindProxy.resolve("10.1.1.1", headers("203.0.113.1"))).isEqualTo("203.0.113.1");
    }

    @Test
    void ignoresWhatTheClientWroteLeftOfTheProxysEntry() {
        assertThat(behindProxy.resolve("10.1.1.1", headers("203.0.113.250, 198.51.100.9"))).isEqualTo("198.51.100.9");
    }

    @Test
    void skipsEveryTrustedHopInAChainAcrossSeveralHeaders() {
        assertThat(behindProxy.resolve("10.1.1.1", headers("198.51.100.9, 10.2.2.2", "fd00::5"))).isEqualTo("198.51.100.9");
    }

    @Test
    void stopsAtAMalformedHop() {
        assertThat(behindProxy.resolve("10.1.1.1", headers("198.51.100.9, unknown"))).isEqualTo("10.1.1.1");
    }

    @Test
    void keepsThePeerWhenTheTrustedProxySentNoHeader() {
        assertThat(behindProxy.resolve("10.1.1.1", Collections.emptyEnumeration())).isEqualTo("10.1.1.1");
    }

    private static java.util.Enumeration<String> headers(String... values) {
        return Collections.enumeration(List.of(values));
    }
}
