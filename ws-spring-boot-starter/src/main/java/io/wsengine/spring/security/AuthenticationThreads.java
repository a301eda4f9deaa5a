package io.wsengine.spring.security;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads that check credentials off the event loops, with a bounded queue: a token checker
 * that calls an authorization server may block, and a burst of upgrades must not grow memory without
 * bound. Idle threads end after 30 s. Not an {@link Executor} bean: one would make Spring Boot's
 * {@code applicationTaskExecutor} back off.
 */
final class AuthenticationThreads implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    AuthenticationThreads(int threads, int maxQueued) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "ws-authentication-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxQueued),
                factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** {@return the executor; it throws {@code RejectedExecutionException} when its queue is full} */
    Executor executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
