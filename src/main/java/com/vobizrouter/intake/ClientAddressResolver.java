package com.vobizrouter.intake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Finds the address of the client that sent a request. {@code X-Forwarded-For} is believed only
 * when the connection comes from a trusted proxy, and then read from the right: each hop added
 * by a trusted proxy is skipped, and the first address not in the trusted list is the client.
 * Anything a client wrote further left is its own claim and is ignored.
 */
public final class ClientAddressResolver {

    private final List<CidrBlock> trustedProxies;

    public ClientAddressResolver(List<CidrBlock> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * @param remoteAddress the socket peer as the servlet container reports it
     * @param forwardedFor every {@code X-Forwarded-For} header value, in order (may be null)
     */
    public String resolve(String remoteAddress, Enumeration<String> forwardedFor) {
        if (trustedProxies.isEmpty() || !isTrusted(remoteAddress) || forwardedFor == null) {
            return remoteAddress;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(forwardedFor)) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        String client = remoteAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (CidrBlock.parseAddress(hop) == null) {
                // A malformed entry ends the chain: the last well-formed hop is all we can vouch for.
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        for (CidrBlock block : trustedProxies) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
