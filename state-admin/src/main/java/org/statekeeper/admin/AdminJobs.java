package org.statekeeper.admin;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.statekeeper.RecoveryProgress;
import org.statekeeper.spi.Credentials;

/**
 * Runs the console's recovery operations (verify, rebuild, recover) in the background on the server's
 * managed executor, one at a time on this node: they can take minutes, longer than a request should,
 * and two at once would only compete for the same store. The last few jobs are kept for polling.
 */
@ApplicationScoped
public class AdminJobs {

    private static final System.Logger LOG = System.getLogger(AdminJobs.class.getName());
    private static final int KEPT = 20;
    private static final Jsonb JSON = JsonbBuilder.create();

    @Resource
    ManagedExecutorService executor;

    private final Map<String, AdminJob> jobs = new LinkedHashMap<>();
    private AdminJob current;

    /** Thrown when a job is asked for while another one runs on this node. */
    static final class Busy extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient AdminJob running;

        Busy(AdminJob running) {
            super("another operation runs on this node now; wait for it to end");
            this.running = running;
        }

        AdminJob running() {
            return running;
        }
    }

    /**
     * Starts {@code work} in the background as a job named {@code operation} and returns the job at once.
     * The work is given the job as its progress listener; its report becomes the job's result as JSON.
     *
     * @throws Busy when a job runs on this node already
     */
    synchronized AdminJob start(String operation, Function<RecoveryProgress, Object> work) {
        if (current != null && current.running()) {
            throw new Busy(current);
        }
        AdminJob job = new AdminJob(operation);
        current = job;
        jobs.put(job.id(), job);
        if (jobs.size() > KEPT) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        try {
            executor.execute(() -> run(job, work));
        } catch (RejectedExecutionException e) {
            job.failed("the server's executor refused the job: " + e.getMessage());
        }
        return job;
    }

    private static void run(AdminJob job, Function<RecoveryProgress, Object> work) {
        try {
            job.done(JSON.toJson(work.apply(job)));
        } catch (RuntimeException e) {
            // A store's failure may quote where it is: logged and shown with any credentials masked.
            String reason = Credentials.mask(String.valueOf(e));
            LOG.log(Level.WARNING, "SK0703 Statekeeper console operation " + job.id() + " failed: " + reason);
            job.failed(Credentials.mask(String.valueOf(e.getMessage())));
        }
    }

    /** Returns the job with that id, if it is among the last few. */
    synchronized Optional<AdminJob> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Returns the last few jobs, newest first. */
    synchronized List<AdminJob> recent() {
        List<AdminJob> newestFirst = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }
}
