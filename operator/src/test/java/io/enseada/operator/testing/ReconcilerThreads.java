package io.enseada.operator.testing;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the operator's reconciler threads are, for the message of a test that waited in vain: a
 * reconcile stuck in a call tells by its stack, one retried with backoff by an idle pool.
 */
public final class ReconcilerThreads {
    private static final int FRAMES = 25;

    private ReconcilerThreads() {}

    public static String dump() {
        Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
        String busy = threads.entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("ReconcilerExecutor"))
                .filter(e -> e.getValue().length > 0 && !parked(e.getValue()))
                .map(e -> e.getKey().getName() + " " + e.getKey().getState() + "\n"
                        + java.util.Arrays.stream(e.getValue())
                                .limit(FRAMES)
                                .map(frame -> "    at " + frame)
                                .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
        return busy.isEmpty() ? "no reconciler thread is busy" : busy;
    }

    /** Idle in its pool, waiting for work. */
    private static boolean parked(StackTraceElement[] stack) {
        return java.util.Arrays.stream(stack)
                .anyMatch(frame -> frame.getMethodName().equals("getTask")
                        && frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor"));
    }
}
