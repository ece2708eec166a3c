package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link Masking} hides: a phone number however it is written (spaces, two spaces, dots,
 * dashes, parentheses, no-break and thin spaces, Arabic-Indic and fullwidth digits) down to its
 * last 2 digits, and WhatsApp ids, which are the customer's number in base64, as a short hash;
 * and what it leaves alone: fewer than 7 digits (status codes, times, amounts) and ISO dates.
 */
class MaskingTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "+1 234 567 8900",
        "+1  234  567  8900",
        "(234) 567.8900",
        "234.567.8900",
        "234-567-8900",
        "+1 (234) 567-8900",
        "+12345678900",
        "2345678900",
        "+1\u00a0234\u00a0567\u00a08900",
        "+1\u2009234\u2009567\u20098900",
        "+1\u202f234\u202f567\u20138900",
        "\uff0b\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10\uff10",
    })
    void masksANumberWrittenAnyWayDownToItsLastTwoDigits(String number) {
        String masked = Masking.phones("call me on " + number + " today");

        assertThat(masked).isEqualTo("call me on " + "*".repeat(digits(number) - 2) + "00 today");
    }

    @Test
    void masksNumbersInArabicIndicDigits() {
        String masked = Masking.phones("رقمي +\u0669\u0667\u0661\u0665\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667");

        assertThat(masked).isEqualTo("رقمي **********67").doesNotContainPattern("\\p{Nd}{3}");
    }

    @Test
    void masksTheNumbersOfAJsonBodyAndKeepsTheRest() {
        String masked = Masking.phones("{\"from\":\"+919812345678\",\"status\":200,\"timestamp\":\"2026-03-19T10:30:45Z\",\"total\":15000}");

        assertThat(masked).isEqualTo("{\"from\":\"**********78\",\"status\":200,\"timestamp\":\"2026-03-19T10:30:45Z\",\"total\":15000}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"status 404", "at 10:30:45", "2026-03-19", "2026-03-19 10:30:45", "123456", "12 34 56", "lat 19.076 long 72.8777",
        "order #8812", "evt_msg_recv_123", "f4c1a0d2-3b6e-4a9c-8e2f-0a1b2c3d4e5f", "[1, 2, 3, 4, 5, 6, 7]"})
    void leavesFewerThanSevenDigitsDatesAndTimesAsTheyAre(String text) {
        assertThat(Masking.phones(text)).isEqualTo(text);
    }

    @Test
    void masksSevenDigitsAndLongerRunsEvenWhenTheyAreATimestamp() {
        assertThat(Masking.phones("5678900")).isEqualTo("*****00");
        assertThat(Masking.phones("\"timestamp\":\"1774432799\"")).isEqualTo("\"timestamp\":\"********99\"");
    }

    @Test
    void replacesAWhatsAppIdByAShortHashThatDoesNotRevealTheNumber() {
        String wamid = "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggNUU4QTcyRjBBQjg2QjY5QkI1MjI2QzY0NzQ3RjBBQzMA";
        assertThat(new String(Base64.getDecoder().decode(wamid.substring(6)), StandardCharsets.ISO_8859_1)).contains("919876543210");

        String masked = Masking.text("meta:" + wamid + ":delivered");

        assertThat(masked).matches("meta:wamid#[0-9a-f]{12}:delivered").doesNotContain("HBgM");
        assertThat(Masking.text(wamid)).as("the same id, the same hash, in every line").isEqualTo(masked.substring(5, 23));
        assertThat(Masking.text("wamid.HBgMOTE4ODAwMjIzMzQ0FQIAEhggN0UxQzlBM0Q1RjJCOEU0QTBDNjc=")).as("another id, another hash")
                .isNotEqualTo(Masking.text(wamid));
        assertThat(Masking.text("wacid.HBgLMTU1NTEyMzQ1NjcVAgARGBI=:connect")).matches("wacid#[0-9a-f]{12}:connect");
    }

    @Test
    void masksNumbersBesideWhatsAppIdsButNeverTheDigitsOfAHash() {
        for (int i = 0; i < 200; i++) {
            String masked = Masking.text("wamid.HBgM" + i + "QIAEhgg from +91 98123 45678");
            assertThat(masked).matches("wamid#[0-9a-f]{12} from \\*{10}78");
        }
    }

    @Test
    void leavesIdsWithoutANumberAsTheyAre() {
        assertThat(Masking.text("partner:msg_2Lx9fA")).isEqualTo("partner:msg_2Lx9fA");
        assertThat(Masking.text("evt_msg_recv_123")).isEqualTo("evt_msg_recv_123");
        assertThat(Masking.text(null)).isNull();
    }

    private static int digits(String number) {
        return (int) number.codePoints().filter(Character::isDigit).count();
    }
}
