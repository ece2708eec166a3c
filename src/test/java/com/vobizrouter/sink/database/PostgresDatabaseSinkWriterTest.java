package com.vobizrouter.sink.database;

import com.vobizrouter.testsupport.OnPostgres;

/** The database sink's set-based writes on PostgreSQL ({@code INSERT … ON CONFLICT}). */
@OnPostgres
class PostgresDatabaseSinkWriterTest extends DatabaseSinkWriterTest {
}
