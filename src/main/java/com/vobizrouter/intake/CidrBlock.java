package com.vobizrouter.intake;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a single
 * address. IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) are compared as IPv4, because
 * servlet containers report IPv4 clients either way depending on the socket.
 */
public final class CidrBlock {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrBlock(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * The blocks of a list setting; blank entries are skipped.
     *
     * @throws IllegalArgumentException with a message naming the bad entry
     */
    public static List<CidrBlock> parseAll(List<String> values) {
        List<CidrBlock> blocks = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                blocks.add(parse(value));
            }
        }
        return List.copyOf(blocks);
    }

    /**
     * Parses a CIDR block or a bare address.
     *
     * @throws IllegalArgumentException with a message naming the bad part
     */
    public static CidrBlock parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty CIDR");
        }
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = parseAddress(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an IPv4 or IPv6 address or CIDR");
        }
        int maxBits = address.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            String prefixPart = trimmed.substring(slash + 1);
            if (!prefixPart.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + trimmed + "' has no valid prefix length");
            }
            prefix = Integer.parseInt(prefixPart);
            if (prefix > maxBits) {
                throw new IllegalArgumentException("'" + trimmed + "' has a prefix longer than " + maxBits + " bits");
            }
        }
        return new CidrBlock(mask(address, prefix), prefix, trimmed);
    }

    /** True if the address (a literal, never a host name) lies inside this block. */
    public boolean contains(String addressText) {
        byte[] address = parseAddress(addressText);
        return address != null && contains(address);
    }

    private boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefixLength), network);
    }

    /**
     * Parses an IP literal without ever resolving a host name: anything that is not made of
     * hex digits, dots and colons is refused before {@link InetAddress} sees it.
     *
     * @return the address bytes (4 for IPv4 and IPv4-mapped IPv6, 16 otherwise), or null
     */
    public static byte[] parseAddress(String text) {
        if (text == null) {
            return null;
        }
        String candidate = text.trim();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        int zone = candidate.indexOf('%');
        if (zone >= 0) {
            candidate = candidate.substring(0, zone);
        }
        if (candidate.isEmpty() || !candidate.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        if (candidate.indexOf(':') < 0) {
            return parseIpv4(candidate);
        }
        // InetAddress reads text as a literal only when it starts with a hex digit or ':';
        // anything else (".:1") it looks up as a host name.
        if (Character.digit(candidate.charAt(0), 16) < 0 && candidate.charAt(0) != ':') {
            return null;
        }
        try {
            return InetAddress.getByName(candidate).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}")) {
                return null;
            }
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            address[i] = (byte) octet;
        }
        return address;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xFF << (8 - bitsHere));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
