package com.vobizrouter.config;

import java.sql.SQLException;

import javax.sql.DataSource;

import com.vobizrouter.inbox.SqlDialect;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which database the router runs on: the one {@link SqlDialect} every bean whose SQL differs between PostgreSQL and H2 is given. */
@Configuration(proxyBeanMethods = false)
public class Databases {

    @Bean
    SqlDialect sqlDialect(DataSource dataSource) throws SQLException {
        return SqlDialect.of(dataSource);
    }
}
