package dev.twitterlike.gateway;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Who a request is counted for when no one is signed in: the address it came from.
 * <ul>
 * <li>{@code X-Forwarded-For} is believed only when the connection comes from a configured
 *     proxy ({@code twitter.gateway.trusted-proxies}, addresses or CIDR blocks): the client is
 *     then the right-most address in the header that is not itself a trusted proxy. From
 *     anyone else the header is ignored (a client could write any address into it).</li>
 * <li>An IPv6 client is counted by its /64: one household or host gets a whole /64, so
 *     counting single addresses would give it 2^64 budgets.</li>
 * </ul>
 */
@Component
class ClientAddresses {

    private final List<Block> trusted;

    ClientAddresses(GatewayProperties properties) {
        this.trusted = properties.trustedProxies().stream().map(Block::parse).toList();
    }

    /** The rate-limit key of the request's client ({@code ip:<address>} or {@code ip:<prefix>/64}), if known. */
    Optional<String> key(ServerHttpRequest request) {
        return client(request).map(ClientAddresses::bucket);
    }

    Optional<InetAddress> client(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return Optional.empty();
        }
        InetAddress peer = remote.getAddress();
        if (!isTrusted(peer)) {
            return Optional.of(peer);
        }
        List<String> forwarded = request.getHeaders().getOrEmpty("X-Forwarded-For").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        InetAddress client = peer;
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(forwarded.get(i));
            if (hop.isEmpty()) {
                break; // garbage: stop believing the header here
            }
            client = hop.get();
            if (!isTrusted(client)) {
                break;
            }
        }
        return Optional.of(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(block -> block.contains(address));
    }

    private static String bucket(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                return "ip:" + InetAddress.getByAddress(prefix).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return "ip:" + address.getHostAddress();
    }

    /** An IP literal only: never a name lookup for a header's value. */
    private static Optional<InetAddress> literal(String text) {
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = value.contains(":") && value.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address block: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address. */
    record Block(byte[] network, int bits) {

        static Block parse(String text) {
            String[] parts = text.trim().split("/", 2);
            InetAddress address = literal(parts[0])
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR block: " + text));
            byte[] bytes = address.getAddress();
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : bytes.length * 8;
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            return new Block(bytes, bits);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
