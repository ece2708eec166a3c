package com.vobizrouter.drills;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vobizrouter.drills.DrillEvents.DrillEvent;
import com.vobizrouter.testsupport.FakeBusinessSystems;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Compares what the load sender was told with what is in the drill's database and at the fake
 * business systems, and fills the report:
 *
 * <ul>
 *   <li>intake: every event answered 200 {@code accepted} has its inbox row and its idempotency
 *       key; no event was answered {@code accepted} twice;</li>
 *   <li>dispatch: every stored event is DONE, none is DEAD, no dead letter;</li>
 *   <li>sinks, one effect per event: one {@code vobiz_event} row; for message.received exactly
 *       one Zendesk comment carrying its WhatsApp message id and one ticket per conversation; for
 *       contact.updated a Salesforce upsert of its contact that took effect (upserts are
 *       idempotent by external id, so repeats are counted and reported, not an extra effect); for
 *       statuses the message's row with that status' timestamp; for campaign.completed its
 *       campaign row.</li>
 * </ul>
 */
final class DrillVerifier {

    private final JdbcTemplate jdbc;
    private final FakeBusinessSystems fakes;

    DrillVerifier(String jdbcUrl, String user, String password, FakeBusinessSystems fakes) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl, user, password);
        this.jdbc = new JdbcTemplate(dataSource);
        this.fakes = fakes;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * After the load: waits until every event had its 200 (the sender keeps retrying), then until
     * the inbox has nothing left to deliver, and notes how long each took. Delivery may be slow
     * on a busy machine, so the wait goes on while events keep getting delivered; it gives up
     * when none was for {@code stallLimit} (longer than any retry pause in play) or at {@code cap}.
     */
    void awaitSettled(LoadSender sender, DrillReport report, Duration ackWithin, Duration stallLimit, Duration cap) {
        long loadOver = sender.elapsedMillis();
        report.check(sender.awaitAcknowledged(ackWithin), "events still without a 200 " + ackWithin.toSeconds() + " s after the load");
        long acknowledged = sender.elapsedMillis();
        boolean drained = awaitDispatchIdle(stallLimit, cap);
        report.check(drained, "inbox not drained: no progress for " + stallLimit.toSeconds() + " s, or still busy after "
                + cap.toSeconds() + " s");
        report.note("load over at " + loadOver / 1000.0 + " s; every event had its 200 at " + acknowledged / 1000.0
                + " s; inbox " + (drained ? "drained" : "still not drained") + " at " + sender.elapsedMillis() / 1000.0 + " s");
    }

    /** Waits until no stored event waits for delivery; false on {@code stallLimit} without progress or at {@code cap}. */
    boolean awaitDispatchIdle(Duration stallLimit, Duration cap) {
        long[] waiting = {Long.MAX_VALUE};
        long[] progressAt = {System.nanoTime()};
        try {
            await().atMost(cap).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(DataAccessException.class).until(() -> {
                long now = jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status = ?", Long.class, "PENDING");
                if (now < waiting[0]) {
                    waiting[0] = now;
                    progressAt[0] = System.nanoTime();
                }
                return now == 0 || System.nanoTime() - progressAt[0] > stallLimit.toNanos();
            });
            return waiting[0] == 0;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Checks everything and writes the counts into {@code report}.
     *
     * @param upsertRepeatsExpected whether this drill makes redeliveries (a kill, a lost database):
     *        without them a repeated upsert is a failure, with them it is reported only
     */
    void verify(LoadSender sender, DrillReport report, boolean upsertRepeatsExpected) {
        Map<String, String> inbox = new HashMap<>();
        jdbc.query("SELECT event_id, status FROM inbox_event", rs -> {
            inbox.put(rs.getString(1), rs.getString(2));
        });
        Set<String> keys = new HashSet<>(jdbc.queryForList("SELECT messageId FROM CAMEL_MESSAGEPROCESSED", String.class));
        Set<String> analytics = new HashSet<>(jdbc.queryForList("SELECT event_id FROM vobiz_event", String.class));
        Set<String> campaigns = new HashSet<>(jdbc.queryForList("SELECT campaign_id FROM campaign_result", String.class));
        Map<String, Map<String, Object>> statuses = new HashMap<>();
        jdbc.queryForList("SELECT message_id, sent_at, delivered_at, read_at, failed_at FROM message_status")
                .forEach(row -> statuses.put((String) row.get("message_id"), row));
        long deadLetters = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Long.class);
        Map<String, Integer> comments = fakes.zendesk().commentsPerMessage();
        Map<String, Integer> tickets = fakes.zendesk().ticketsPerConversation();
        Map<String, Integer> upserts = fakes.contactUpsertsTaken();
        Map<String, Integer> hooked = fakes.hookDeliveries();

        long sentCount = 0;
        long accepted = 0;
        long acceptedTwice = 0;
        long acknowledged = 0;
        long onlyDuplicate = 0;
        long acceptedNotStored = 0;
        long stored = 0;
        long delivered = 0;
        long notDelivered = 0;
        long lostAtSinks = 0;
        long duplicateComments = 0;
        long upsertsRepeated = 0;
        long hookRepeats = 0;
        Set<String> conversations = new HashSet<>();
        for (LoadSender.Sent sent : sender.sent()) {
            DrillEvent event = sent.event;
            sentCount++;
            long acceptedAnswers = sent.count("accepted");
            accepted += acceptedAnswers > 0 ? 1 : 0;
            if (acceptedAnswers > 1) {
                acceptedTwice++;
                report.problem("event " + event.id() + " answered accepted " + acceptedAnswers + " times");
            }
            if (sent.acknowledged()) {
                acknowledged++;
                onlyDuplicate += acceptedAnswers == 0 ? 1 : 0;
            }
            String status = inbox.get("vobiz:" + event.id());
            if (status == null) {
                if (acceptedAnswers > 0) {
                    acceptedNotStored++;
                    report.problem("event " + event.id() + " answered accepted but has no inbox row");
                }
                continue;
            }
            stored++;
            if (!keys.contains("vobiz:" + event.id())) {
                report.problem("event " + event.id() + " stored without its idempotency key");
            }
            if ("DONE".equals(status)) {
                delivered++;
            } else {
                notDelivered++;
                report.problem("event " + event.id() + " (" + event.type() + ") is " + status + ", not DONE");
            }
            int hooks = hooked.getOrDefault("vobiz:" + event.id(), 0);
            hookRepeats += Math.max(0, hooks - 1);
            String missing = hooks == 0 ? "no delivery to the http destination drillhook"
                    : missingEffect(event, analytics, campaigns, statuses, comments, upserts);
            if (missing != null) {
                lostAtSinks++;
                report.problem("event " + event.id() + " (" + event.type() + "): " + missing);
            }
            if ("message.received".equals(event.type())) {
                conversations.add(event.conversation());
                int count = comments.getOrDefault(event.messageId(), 0);
                if (count > 1) {
                    duplicateComments += count - 1;
                    report.problem("message " + event.messageId() + " commented " + count + " times in Zendesk");
                }
            }
            if ("contact.updated".equals(event.type())) {
                upsertsRepeated += Math.max(0, upserts.getOrDefault(event.contactId(), 0) - 1);
            }
        }
        long extraTickets = 0;
        for (String conversation : conversations) {
            int count = tickets.getOrDefault(conversation, 0);
            if (count > 1) {
                extraTickets += count - 1;
                report.problem("conversation " + conversation + " has " + count + " Zendesk tickets, not one");
            }
        }
        long storedUnknown = inbox.size() - stored;
        if (storedUnknown > 0) {
            report.problem(storedUnknown + " inbox rows belong to no event the drill sent");
        }
        if (deadLetters > 0) {
            report.problem(deadLetters + " dead letters");
        }
        if (hookRepeats > 0 && !upsertRepeatsExpected) {
            report.problem(hookRepeats + " events delivered again to the http destination although nothing was redelivered");
        }
        if (upsertsRepeated > 0 && !upsertRepeatsExpected) {
            report.problem(upsertsRepeated + " Salesforce upserts repeated although nothing was redelivered");
        }
        long unacknowledged = sentCount - acknowledged;
        if (unacknowledged > 0) {
            report.problem(unacknowledged + " events never got a 200, even on retries after the fault");
        }

        report.count("sent", sentCount);
        report.count("accepted", accepted);
        report.count("stored", stored);
        report.count("delivered", delivered);
        report.count("duplicates_at_sinks", duplicateComments + extraTickets);
        report.count("lost", acceptedNotStored + lostAtSinks);
        report.count("accepted_twice", acceptedTwice);
        report.count("not_delivered", notDelivered);
        report.count("dead_letters", deadLetters);
        report.count("unacknowledged", unacknowledged);
        report.count("acked_only_as_duplicate", onlyDuplicate);
        report.count("upserts_repeated", upsertsRepeated);
        report.count("http_repeats", hookRepeats);
        report.count("requests", sender.answers().size());
    }

    private static String missingEffect(DrillEvent event, Set<String> analytics, Set<String> campaigns,
            Map<String, Map<String, Object>> statuses, Map<String, Integer> comments, Map<String, Integer> upserts) {
        if (!analytics.contains("vobiz:" + event.id())) {
            return "no vobiz_event row";
        }
        switch (event.type()) {
            case "message.received" -> {
                return comments.getOrDefault(event.messageId(), 0) == 0 ? "no Zendesk comment" : null;
            }
            case "contact.updated" -> {
                return upserts.getOrDefault(event.contactId(), 0) == 0 ? "no Salesforce upsert took effect" : null;
            }
            case "campaign.completed" -> {
                return campaigns.contains(event.campaignId()) ? null : "no campaign_result row";
            }
            default -> {
                Map<String, Object> row = statuses.get(event.messageId());
                String column = event.type().substring("message.".length()) + "_at";
                return row == null || row.get(column) == null ? "no message_status " + column : null;
            }
        }
    }

    /** p-th percentile (0..1) of the latencies of {@code answers}, in ms; 0 when there are none. */
    static long percentile(List<LoadSender.Answer> answers, double p) {
        long[] sorted = answers.stream().mapToLong(LoadSender.Answer::latencyMillis).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
    }
}
