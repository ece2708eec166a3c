package com.vobizrouter.admin;

import java.util.Map;

/**
 * What local stand-ins of the business systems have received, for {@code GET /admin/demo} and
 * the console. Only the demo profile provides one; the admin API never depends on it being there.
 */
public interface StandInView {

    /** Contacts, tickets and whatever else the stand-ins keep, by name. */
    Map<String, Object> received();
}
