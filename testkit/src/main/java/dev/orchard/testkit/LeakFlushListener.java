package dev.orchard.testkit;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Registered for every engine (Jupiter and jqwik alike): at the end of a test plan, flush Netty's
 * leak detector so late leaks still reach the report folder that fails the build.
 */
public final class LeakFlushListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        LeakFlush.flush();
    }
}
