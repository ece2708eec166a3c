package com.vobizrouter.admin;

import java.util.List;
import java.util.Map;

import com.vobizrouter.inbox.InboxEvent;

/**
 * Runs recorded events through the routes as they are now with every destination replaced by a
 * recorder, for {@code POST /admin/dry-run}: per event, its destinations and what each would have
 * received. Nothing is called, nothing written. The wiring provides it from the dispatch package,
 * which the admin API does not know.
 */
public interface DryRunner {

    /** Per event, in order: {@code event_id}, {@code type}, {@code source}, {@code destinations}, {@code received}, {@code failures}. */
    List<Map<String, Object>> run(List<InboxEvent> events);
}
