package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DigestsAndJsonTextTest {

    @Test
    void theSha256OfTextIsTheKnownDigestInLowerCaseHex() {
        assertThat(Digests.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theHmacSha256OfPartsIsTheRfc4231ValueOfTheirConcatenation() {
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        // RFC 4231 test case 1: key 20 x 0x0b, data "Hi There".
        String expected = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
        assertThat(Digests.hex(Digests.hmacSha256(key, "Hi There".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isEqualTo(expected);
        assertThat(Digests.hex(Digests.hmacSha256(key, "Hi ".getBytes(java.nio.charset.StandardCharsets.UTF_8), null,
                "There".getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isEqualTo(expected);
    }

    @Test
    void hexIsParsedInEitherCaseAndAnythingElseIsNoHex() {
        assertThat(Digests.parseHex("0aFf")).containsExactly(0x0a, 0xff);
        assertThat(Digests.parseHex("0aF")).isNull();
        assertThat(Digests.parseHex("zz")).isNull();
        assertThat(Digests.parseHex(null)).isNull();
    }

    @Test
    void aJsonValueIsReadAsTextOnlyWhenItIsNonBlankTextOrANumber() throws Exception {
        JsonNode json = new ObjectMapper().readTree(
                "{\"data\":{\"id\":\"c_1\",\"n\":42,\"flag\":true,\"blank\":\" \",\"none\":null,\"obj\":{},\"list\":[\"x\"]}}");
        assertThat(JsonText.at(json, "/data/id")).isEqualTo("c_1");
        assertThat(JsonText.at(json, "/data/n")).isEqualTo("42");
        assertThat(JsonText.at(json, "/data/flag")).isNull();
        assertThat(JsonText.at(json, "/data/blank")).isNull();
        assertThat(JsonText.at(json, "/data/none")).isNull();
        assertThat(JsonText.at(json, "/data/obj")).isNull();
        assertThat(JsonText.at(json, "/data/list")).isNull();
        assertThat(JsonText.at(json, "/data/missing/deeper")).isNull();
        assertThat(JsonText.at(null, "/data/id")).isNull();
    }
}
