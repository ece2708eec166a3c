package com.vobizrouter.support;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * camel-sql's JDBC idempotent repository, made safe for concurrent copies of one event.
 *
 * <p>{@code JdbcMessageIdRepository.add} counts, then inserts. Two copies of an event arriving
 * together on one or several instances both count zero; the loser's insert then fails on the
 * primary key. Camel 4.17 lets that {@link DuplicateKeyException} escape; here it means what it
 * says, "already added", and {@code add} returns false so the Idempotent Consumer treats the
 * copy as a duplicate. The key is written in a nested transaction (a savepoint inside the
 * caller's transaction) because on PostgreSQL a failed statement would otherwise poison the
 * whole surrounding transaction; rolling back to the savepoint keeps it usable.
 */
public class RaceSafeJdbcMessageIdRepository extends JdbcMessageIdRepository {

    public RaceSafeJdbcMessageIdRepository(DataSource dataSource, PlatformTransactionManager transactionManager,
            String processorName) {
        super(dataSource, nested(transactionManager), processorName);
        setCreateTableIfNotExists(false);
    }

    private static TransactionTemplate nested(PlatformTransactionManager transactionManager) {
        TransactionTemplate template = new TransactionTemplate(transactionManager);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return template;
    }

    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DuplicateKeyException concurrentCopyWon) {
            return false;
        }
    }
}
