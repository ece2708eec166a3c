package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins CIDR parsing and matching for IPv4, IPv6 and IPv4-mapped addresses. */
class CidrBlockTest {

    /**
     * Text made only of address characters that is no address (such as an X-Forwarded-For entry
     * {@code .:1}) must never become a host name lookup: a DNS query per request is a delay an
     * attacker chooses. Checked in a JVM whose hosts file knows those names, so a lookup would
     * return an address instead of null.
     */
    @Test
    void neverLooksUpAHostNameForTextThatOnlyLooksLikeAnAddress(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.9 .:1\n127.0.0.9 .ab:cd\n127.0.0.9 localhost\n");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"), ParseAddresses.class.getName(),
                ".:1", ".ab:cd", "::1").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output.lines()).containsExactly("null", "null", "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]");
    }

    /** Prints {@link CidrBlock#parseAddress} of each argument, one per line. */
    static final class ParseAddresses {
        public static void main(String[] args) {
            for (String arg : args) {
                byte[] address = CidrBlock.parseAddress(arg);
                System.out.println(address == null ? "null" : Arrays.toString(address));
            }
        }
    }

    @Test
    void matchesAddressesInsideAnIpv4Network() {
        CidrBlock block = CidrBlock.parse("10.20.0.0/16");
        assertThat(block.contains("10.20.0.1")).isTrue();
        assertThat(block.contains("10.20.255.255")).isTrue();
        assertThat(block.contains("10.21.0.0")).isFalse();
    }

    @Test
    void matchesAnIpv4ClientReportedAsAnIpv4MappedIpv6Address() {
        assertThat(CidrBlock.parse("192.0.2.0/24").contains("::ffff:192.0.2.44")).isTrue();
    }

    @Test
    void matchesAddressesInsideAnIpv6Network() {
        CidrBlock block = CidrBlock.parse("2001:db8:abcd::/48");
        assertThat(block.contains("2001:db8:abcd:12::1")).isTrue();
        assertThat(block.contains("[2001:db8:abcd::7]")).isTrue();
        assertThat(block.contains("2001:db8:abce::1")).isFalse();
        assertThat(block.contains("192.0.2.1")).isFalse();
    }

    @Test
    void treatsABareAddressAsASingleHostAndSlashZeroAsEverything() {
        assertThat(CidrBlock.parse("198.51.100.7").contains("198.51.100.7")).isTrue();
        assertThat(CidrBlock.parse("198.51.100.7").contains("198.51.100.8")).isFalse();
        assertThat(CidrBlock.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
        assertThat(CidrBlock.parse("::/0").contains("2001:db8::1")).isTrue();
    }

    @Test
    void matchesOnANonOctetBoundary() {
        CidrBlock block = CidrBlock.parse("198.51.100.64/27");
        assertThat(block.contains("198.51.100.95")).isTrue();
        assertThat(block.contains("198.51.100.96")).isFalse();
        assertThat(block.contains("198.51.100.63")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "10.0.0/8", "10.0.0.256/8", "example.com", "localhost", "10.0.0.0/x",
            "2001:db8::/129", "2001:zz8::/32", "10.0.0.0/-1"})
    void refusesMalformedBlocks(String text) {
        assertThatThrownBy(() -> CidrBlock.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverMatchesAHostNameOrGarbage() {
        CidrBlock everything = CidrBlock.parse("0.0.0.0/0");
        assertThat(everything.contains("localhost")).isFalse();
        assertThat(everything.contains("unknown")).isFalse();
        assertThat(everything.contains(null)).isFalse();
    }
}
