package com.vobizrouter.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.dispatch.SinkPausedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A {@link SinkBudgets} that records each take and, when told, has nothing left; never touches its database. */
public class StubBudgets extends SinkBudgets {

    public final List<String> taken = new ArrayList<>();
    public volatile boolean empty;

    public StubBudgets() {
        super(new DriverManagerDataSource("jdbc:h2:mem:unused-http-budgets"), Clock.systemUTC(), Map.of(), new SimpleMeterRegistry());
    }

    @Override
    public void take(String sink) {
        take(sink, 1);
    }

    @Override
    public synchronized void take(String sink, int calls) {
        if (empty) {
            throw new SinkPausedException(sink + " has used its budget", Instant.now().plusSeconds(60));
        }
        taken.add(sink);
    }
}
