package dev.heed.ingest.preview;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may open the preview: this machine (loopback) always, and the networks an operator names
 * ({@code --preview-allow 10.1.0.0/16,192.168.4.7}). Faces are biometric data, so nothing else is let in by default.
 */
public final class AllowedClients {
    /** Only IP literals: a host name would need a DNS lookup, whose answer can change under us. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** One network in CIDR form; a bare address is a network of one. */
    public record Network(byte[] address, int prefixBits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != address.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (b[full] & mask) == (address[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixBits;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final AllowedClients LOOPBACK_ONLY = new AllowedClients(List.of(), true);

    private final List<Network> networks;
    private final boolean loopback;

    private AllowedClients(List<Network> networks, boolean loopback) {
        this.networks = List.copyOf(networks);
        this.loopback = loopback;
    }

    /** This machine only. */
    public static AllowedClients loopbackOnly() {
        return LOOPBACK_ONLY;
    }

    /**
     * Loopback and the comma-separated networks of {@code --preview-allow} (empty or null: loopback only).
     * Throws IllegalArgumentException naming the bad entry.
     */
    public static AllowedClients parse(String spec) {
        List<Network> networks = new ArrayList<>();
        if (spec != null) {
            for (String part : spec.split(",")) {
                String s = part.strip();
                if (!s.isEmpty()) {
                    networks.add(network(s));
                }
            }
        }
        return new AllowedClients(networks, true);
    }

    /** Exactly these networks, loopback not included: for tests of a refusal seen from this machine. */
    static AllowedClients only(List<Network> networks) {
        return new AllowedClients(networks, false);
    }

    static Network network(String s) {
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (!IP_LITERAL.matcher(host).matches()) {
            throw new IllegalArgumentException("--preview-allow: '" + s + "' is not an IP address or network (e.g. 10.1.0.0/16)");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--preview-allow: '" + s + "' is not an IP address or network (e.g. 10.1.0.0/16)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("--preview-allow: '" + s + "' needs a prefix length from 0 to " + bits);
            }
        }
        return new Network(address, prefix);
    }

    public boolean permits(InetAddress client) {
        if (client == null) {
            return false;
        }
        if (loopback && client.isLoopbackAddress()) {
            return true;
        }
        for (Network n : networks) {
            if (n.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /** For the start-up log line: "loopback" plus the networks. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (loopback) {
            parts.add("loopback");
        }
        networks.forEach(n -> parts.add(n.toString()));
        return String.join(", ", parts);
    }
}
