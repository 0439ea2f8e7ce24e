package org.statekeeper.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.json.JsonObject;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateException;

/** The console's background jobs: one at a time per node, progress and result readable while and after they run. */
class AdminJobsTest {

    /** Holds the submitted tasks until the test runs them, like a busy executor would. */
    private final List<Runnable> submitted = new ArrayList<>();
    private final AdminJobs jobs = new AdminJobs();

    AdminJobsTest() {
        jobs.executor = (ManagedExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("execute")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    submitted.add((Runnable) args[0]);
                    return null;
                });
    }

    @Test
    void aJobReportsItsProgressWhileItRunsAndItsResultWhenDone() {
        AdminJob job = jobs.start("verify", progress -> {
            progress.update("heads", 1000, 5000);
            assertEquals("heads", jobs.recent().get(0).toJson().getString("phase"), "visible while it runs");
            return Map.of("missing", 3);
        });
        JsonObject before = job.toJson();
        assertEquals("running", before.getString("state"));
        assertEquals(-1, before.getInt("total"), "nothing reported yet");

        submitted.remove(0).run();

        JsonObject after = jobs.find(job.id()).orElseThrow().toJson();
        assertEquals("done", after.getString("state"));
        assertEquals(1000, after.getInt("done"));
        assertEquals(5000, after.getInt("total"));
        assertEquals(3, after.getJsonObject("result").getInt("missing"));
    }

    @Test
    void aSecondJobWhileOneRunsIsRefusedNamingTheRunningOne() {
        AdminJob first = jobs.start("rebuild", progress -> "ok");

        AdminJobs.Busy busy = assertThrows(AdminJobs.Busy.class, () -> jobs.start("verify", progress -> "ok"));

        assertSame(first, busy.running());
        assertEquals(1, submitted.size(), "the second was never submitted");
        submitted.remove(0).run();
        AdminJob next = jobs.start("verify", progress -> "ok");
        assertEquals(List.of(next, first), jobs.recent(), "once the first ended, another may start");
    }

    @Test
    void aFailingJobEndsAsFailedWithItsMessageAndFreesTheNode() {
        AdminJob job = jobs.start("rebuild", progress -> {
            throw new StateException(null, "Another node is rebuilding the store now");
        });
        submitted.remove(0).run();

        JsonObject failed = job.toJson();
        assertEquals("failed", failed.getString("state"));
        assertEquals("Another node is rebuilding the store now", failed.getString("error"));
        jobs.start("verify", progress -> "ok");
    }
}
