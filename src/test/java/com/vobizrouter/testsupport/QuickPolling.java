package com.vobizrouter.testsupport;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Awaitility's defaults for every test of a run (registered in {@code META-INF/services}): the
 * first check at once and then every 10 ms, instead of a first check after 100 ms and every
 * 100 ms after, which cost each wait of a few milliseconds a tenth of a second. A test that
 * names its own poll interval or delay keeps it.
 */
public final class QuickPolling implements LauncherSessionListener {

    static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(POLL_INTERVAL);
    }
}
