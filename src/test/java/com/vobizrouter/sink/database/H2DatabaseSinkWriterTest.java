package com.vobizrouter.sink.database;

import com.vobizrouter.testsupport.OnH2;

/** The database sink's set-based writes on H2 ({@code MERGE}). */
@OnH2
class H2DatabaseSinkWriterTest extends DatabaseSinkWriterTest {
}
