package com.vobizrouter.inbox;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * A SELECT with optional filters, each a fixed fragment with a bound parameter; a filter whose
 * value is null (or blank) is not applied. The text is the SELECT, the filters in the order they
 * were added, then the order (and limit) it was made with.
 */
final class FilteredSelect {

    private final StringBuilder sql;
    private final String order;
    private final MapSqlParameterSource params = new MapSqlParameterSource();

    /**
     * @param select the statement up to its WHERE clause, which already holds one condition
     * @param order what follows the filters ({@code ORDER BY}, and {@code LIMIT :limit}, which
     *              the caller binds)
     */
    FilteredSelect(String select, String order) {
        this.sql = new StringBuilder(select);
        this.order = order;
    }

    FilteredSelect equal(String column, String param, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = :").append(param);
            params.addValue(param, value);
        }
        return this;
    }

    /** {@code column} in {@code [from, to)}; either end null for none. */
    FilteredSelect range(String column, Instant from, Instant to) {
        if (from != null) {
            sql.append(" AND ").append(column).append(" >= :from");
            params.addValue("from", Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND ").append(column).append(" < :to");
            params.addValue("to", Timestamp.from(to));
        }
        return this;
    }

    String sql() {
        return sql + order;
    }

    /** The filters' parameters; the caller adds those of the order ({@code limit}). */
    MapSqlParameterSource params() {
        return params;
    }
}
