package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.vobizrouter.inbox.DeliveryRow;
import com.vobizrouter.inbox.InboxStore;
import org.junit.jupiter.api.Test;

/**
 * An event's deliveries during one dispatch: a destination that took the event is never handed
 * out again, one that waits is handed out once due, an event brought forward by hand has all its
 * waiting deliveries tried, and only what changed is written back (everything on the first
 * dispatch that needs rows).
 */
class DeliveryPlanTest {

    private static final Instant NOW = Instant.parse("2026-03-19T10:00:00Z");

    @Test
    void aFirstDispatchHandsOutEveryDestinationOnceInTheOrderDecided() {
        DeliveryPlan plan = DeliveryPlan.decided(List.of("analytics", "zendesk", "chatbot"));

        assertThat(List.of(plan.next(NOW).destination(), plan.next(NOW).destination(), plan.next(NOW).destination()))
                .containsExactly("analytics", "zendesk", "chatbot");
        assertThat(plan.next(NOW)).isNull();
        assertThat(plan.names()).isEqualTo("analytics,zendesk,chatbot");
    }

    @Test
    void aRestoredPlanSkipsWhatWasDeliveredAndWhatIsNotDueYet() {
        DeliveryPlan plan = DeliveryPlan.restored("analytics,chatbot,salesforce", List.of(
                new DeliveryRow("analytics", DeliveryRow.DONE, 0, null, null),
                new DeliveryRow("chatbot", DeliveryRow.PENDING, 2, NOW.minusSeconds(1), "chatbot answered 503"),
                new DeliveryRow("salesforce", DeliveryRow.PENDING, 0, NOW.plusSeconds(60), "salesforce is parked")));

        assertThat(plan.next(NOW).destination()).isEqualTo("chatbot");
        assertThat(plan.next(NOW)).as("salesforce is not due, analytics took the event").isNull();
    }

    @Test
    void anEventBroughtForwardByHandTriesEveryWaitingDelivery() {
        DeliveryPlan plan = DeliveryPlan.restored("analytics,salesforce", List.of(
                new DeliveryRow("analytics", DeliveryRow.DONE, 0, null, null),
                new DeliveryRow("salesforce", DeliveryRow.PENDING, 0, NOW.plusSeconds(900), "salesforce is paused")));

        assertThat(plan.next(NOW).destination()).isEqualTo("salesforce");
        assertThat(plan.next(NOW)).isNull();
    }

    @Test
    void onlyTheDeliveriesThisDispatchChangedAreWrittenOnceRowsExist() {
        DeliveryPlan plan = DeliveryPlan.restored("analytics,chatbot", List.of(
                new DeliveryRow("analytics", DeliveryRow.DONE, 0, null, null),
                new DeliveryRow("chatbot", DeliveryRow.PENDING, 1, NOW, "chatbot answered 503")));
        DeliveryPlan.Delivery chatbot = plan.next(NOW);
        chatbot.dead("chatbot answered 404", new InboxStore.FailedAttempt(2, "chatbot", "dead", "chatbot answered 404"),
                new InboxStore.DeadLetter("chatbot", "chatbot answered 404", null, 2));

        assertThat(plan.rowsToWrite()).extracting(DeliveryRow::destination, DeliveryRow::status, DeliveryRow::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("chatbot", "DEAD", 2));
        assertThat(plan.doneAtOnce()).isFalse();
        assertThat(plan.deadLetters()).hasSize(1);
    }

    @Test
    void aFirstDispatchWritesEveryDeliveryUnlessAllTookTheEvent() {
        DeliveryPlan plan = DeliveryPlan.decided(List.of("analytics", "chatbot"));
        plan.next(NOW).delivered();
        plan.next(NOW).waitUntil(NOW.plusSeconds(1), "chatbot answered 503", null);
        assertThat(plan.rowsToWrite()).extracting(DeliveryRow::destination).containsExactly("analytics", "chatbot");

        DeliveryPlan allDone = DeliveryPlan.decided(List.of("analytics", "chatbot"));
        allDone.next(NOW).delivered();
        allDone.next(NOW).delivered();
        assertThat(allDone.doneAtOnce()).isTrue();
    }

    @Test
    void anEventRoutedNowhereIsDoneAtOnce() {
        assertThat(DeliveryPlan.decided(List.of()).doneAtOnce()).isTrue();
        assertThat(DeliveryPlan.restored("", List.of()).next(NOW)).isNull();
    }

    @Test
    void aSubscriptionTakesAllAFamilyOrExactTypes() {
        Destination all = new Destination("warehouse", Destination.Kind.HTTP, List.of("*"), true, 0, 3, Destinations.HTTP_ROUTE);
        Destination family = new Destination("slack", Destination.Kind.HTTP, List.of("message.*"), true, 0, 3, Destinations.HTTP_ROUTE);
        Destination exact = new Destination("crm", Destination.Kind.HTTP, List.of("contact.updated"), true, 0, 3, Destinations.HTTP_ROUTE);

        assertThat(all.subscribes("order.shipped")).isTrue();
        assertThat(family.subscribes("message.failed")).isTrue();
        assertThat(family.subscribes("messages.failed")).isFalse();
        assertThat(family.subscribes("contact.updated")).isFalse();
        assertThat(exact.subscribes("contact.updated")).isTrue();
        assertThat(exact.subscribes("contact.updated.v2")).isFalse();
        assertThat(new Destinations(List.of(all, family, exact)).subscribedTo("message.read")).containsExactly("slack", "warehouse");
    }
}
