package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The router's id of an event, the same rule for every source: {@code <source>:<id>}, and
 * {@code <source>:sha256:<hex>} when that would not fit the 100-character columns.
 */
class EventIdsTest {

    @Test
    void anEventIdIsItsSourceAColonAndTheSendersId() {
        assertThat(EventIds.stored("vobiz", "evt_msg_recv_123")).isEqualTo("vobiz:evt_msg_recv_123");
        assertThat(EventIds.stored("sw", "abc")).isEqualTo("sw:abc");
    }

    @Test
    void anIdThatLooksLikeAnotherSourcesIdIsStillItsOwnSourcesId() {
        assertThat(EventIds.stored("vobiz", "sw:abc")).isEqualTo("vobiz:sw:abc").isNotEqualTo(EventIds.stored("sw", "abc"));
    }

    @Test
    void anIdThatFitsTheColumnWithItsSourceIsKeptAsSent() {
        assertThat(EventIds.stored("vobiz", "x".repeat(94))).isEqualTo("vobiz:" + "x".repeat(94)).hasSize(100);
        assertThat(EventIds.stored("vobiz", "\ud83d\ude00".repeat(47))).as("47 emoji are 94 UTF-16 characters")
                .isEqualTo("vobiz:" + "\ud83d\ude00".repeat(47));
    }

    @Test
    void anIdTooLongForTheColumnWithItsSourceIsTheSha256OfTheSendersIdInHex() {
        assertThat(EventIds.stored("vobiz", "x".repeat(95)))
                .isEqualTo("vobiz:sha256:69b938805e4b98342b6d0564764fb96c234cda7ca01c3364033ae59062707698");
        assertThat(EventIds.stored("vobiz", "\ud83d\ude00".repeat(48))).as("48 emoji are 96 UTF-16 characters, hashed as UTF-8")
                .isEqualTo("vobiz:sha256:36b1562e7ac9489b2c94d4e9581f7292554e998126773a962a6dc470b46770a5");
        assertThat(EventIds.stored("meta", "w".repeat(200))).startsWith("meta:sha256:").hasSize(76);
    }
}
