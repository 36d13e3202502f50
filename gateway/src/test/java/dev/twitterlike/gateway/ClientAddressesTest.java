package dev.twitterlike.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressesTest {

    private static ClientAddresses trusting(String... proxies) {
        return new ClientAddresses(new GatewayProperties("x".repeat(32), "session", false, List.of(), List.of(), null, null,
                Map.of(), null, List.of(proxies), 20, java.time.Duration.ofSeconds(1)));
    }

    private static MockServerHttpRequest from(String peer, String... forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/auth/login")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        for (String value : forwardedFor) {
            request.header("X-Forwarded-For", value);
        }
        return request.build();
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        ClientAddresses addresses = trusting();
        assertThat(addresses.key(from("203.0.113.7", "198.51.100.1"))).hasValue("ip:203.0.113.7");
    }

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        ClientAddresses addresses = trusting("10.0.0.0/8", "127.0.0.1");
        assertThat(addresses.key(from("10.1.2.3", "198.51.100.1"))).hasValue("ip:198.51.100.1");
        // two proxies in a row: the right-most address that is not a trusted proxy
        assertThat(addresses.key(from("127.0.0.1", "198.51.100.1, 10.9.9.9"))).hasValue("ip:198.51.100.1");
        // what the client wrote itself, left of the address the proxy saw, is not believed
        assertThat(addresses.key(from("10.1.2.3", "6.6.6.6, 198.51.100.2"))).hasValue("ip:198.51.100.2");
        // behind a proxy, clients get a bucket each instead of sharing the proxy's
        assertThat(addresses.key(from("10.1.2.3", "198.51.100.3"))).isNotEqualTo(addresses.key(from("10.1.2.3", "198.51.100.4")));
        // garbage in the header: the proxy itself, never a name lookup
        assertThat(addresses.key(from("10.1.2.3", "not-an-address"))).hasValue("ip:10.1.2.3");
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        ClientAddresses addresses = trusting();
        assertThat(addresses.key(from("2001:db8:1:2:aaaa::1"))).hasValue("ip:2001:db8:1:2:0:0:0:0/64");
        assertThat(addresses.key(from("2001:db8:1:2:bbbb:cccc:dddd:eeee"))).isEqualTo(addresses.key(from("2001:db8:1:2::9")));
        assertThat(addresses.key(from("2001:db8:1:3::1"))).isNotEqualTo(addresses.key(from("2001:db8:1:2::1")));
    }

    @Test
    void aBadProxyListStopsTheGatewayFromStarting() {
        assertThatThrownBy(() -> trusting("proxy.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> trusting("10.0.0.0/40")).isInstanceOf(IllegalArgumentException.class);
    }
}
