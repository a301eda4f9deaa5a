package io.wsengine.spring.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler against real thread pools: nothing lost, nothing run twice, a blocked turn holds up no other. */
class SessionSchedulerTest {
    /** Stands for an event loop that has finished its turn: a deferred start happens at once. */
    private static final Executor TURN_DONE = Runnable::run;

    private final List<ExecutorService> pools = new ArrayList<>();

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void shutDown() throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void runsEveryTurnOnceWhenManyLoopsSubmitAtOnce() throws InterruptedException {
        SessionScheduler scheduler = new SessionScheduler(pool(3));
        int submitters = 4;
        List<ExecutorService> loops = new ArrayList<>();
        for (int t = 0; t < submitters; t++) {
            loops.add(pool(1));
        }
        int turnsEach = 20_000;
        AtomicLong ran = new AtomicLong();
        CountDownLatch allRan = new CountDownLatch(submitters * turnsEach);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < submitters; t++) {
            Executor loop = loops.get(t);
            Thread thread = new Thread(() -> {
                for (int i = 0; i < turnsEach; i++) {
                    scheduler.submit(() -> {
                        ran.incrementAndGet();
                        allRan.countDown();
                    }, loop);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(allRan.await(30, TimeUnit.SECONDS)).as("every submitted turn ran").isTrue();
        assertThat(ran.get()).isEqualTo((long) submitters * turnsEach);
    }

    @Test
    void aTurnThatBlocksDoesNotHoldUpTheTurnsSubmittedAfterIt() throws InterruptedException {
        SessionScheduler scheduler = new SessionScheduler(pool(2));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch othersRan = new CountDownLatch(100);
        try {
            scheduler.submit(() -> {
                blocking.countDown();
                awaitQuietly(release);
            }, TURN_DONE);
            assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 100; i++) {
                scheduler.submit(othersRan::countDown, TURN_DONE);
            }

            assertThat(othersRan.await(10, TimeUnit.SECONDS)).as("turns behind a blocked one ran").isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBlockedTurnWithOthersAlreadyWaitingHandsThemToAnotherThread() throws InterruptedException {
        ExecutorService threads = pool(2);
        CountDownLatch allSubmitted = new CountDownLatch(1);
        // drainers start only once every turn is queued: the first turn then blocks with the rest waiting
        SessionScheduler scheduler = new SessionScheduler(task -> threads.execute(() -> {
            awaitQuietly(allSubmitted);
            task.run();
        }));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch othersRan = new CountDownLatch(50);
        try {
            scheduler.submit(() -> awaitQuietly(release), TURN_DONE);
            for (int i = 0; i < 50; i++) {
                scheduler.submit(othersRan::countDown, TURN_DONE);
            }
            allSubmitted.countDown();

            assertThat(othersRan.await(10, TimeUnit.SECONDS)).as("turns waiting behind a blocked one ran").isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBusyDrainerGivesItsThreadBackToOtherTasksOfTheExecutor() throws InterruptedException {
        ExecutorService single = pool(1);
        SessionScheduler scheduler = new SessionScheduler(single);
        AtomicInteger turnsBeforeOtherTask = new AtomicInteger(-1);
        AtomicInteger turnsRun = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch start = new CountDownLatch(1);
        single.execute(() -> awaitQuietly(start)); // holds the thread until everything is queued
        for (int i = 0; i < 1_000; i++) {
            scheduler.submit(turnsRun::incrementAndGet, TURN_DONE);
        }
        single.execute(() -> {
            turnsBeforeOtherTask.set(turnsRun.get());
            done.countDown();
        });
        start.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(turnsBeforeOtherTask.get()).as("turns run before the other task got the thread")
                .isLessThan(1_000);
    }

    @Test
    void runsTurnsOnTheSubmittingThreadOnceTheExecutorRefuses() {
        SessionScheduler scheduler = new SessionScheduler(task -> {
            throw new RejectedExecutionException("shut down");
        });
        List<String> ranOn = new ArrayList<>();

        scheduler.submit(() -> ranOn.add(Thread.currentThread().getName()), TURN_DONE);

        assertThat(ranOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void allTheTurnsSubmittedInOneLoopTurnWakeOneDrainerAndOneStandIn() throws Exception {
        ExecutorService threads = pool(1);
        AtomicInteger drainersStarted = new AtomicInteger();
        SessionScheduler scheduler = new SessionScheduler(task -> {
            drainersStarted.incrementAndGet();
            threads.execute(task);
        });
        ExecutorService loop = pool(1);
        CountDownLatch allRan = new CountDownLatch(50);

        loop.submit(() -> {
            for (int i = 0; i < 50; i++) {
                scheduler.submit(allRan::countDown, loop); // as a handler does, message after message of one turn
            }
        }).get(10, TimeUnit.SECONDS);

        assertThat(allRan.await(10, TimeUnit.SECONDS)).isTrue();
        // 50 turns, fewer than a drainer runs before it yields its thread: the first drainer, and the one it starts before its first turn in case that turn blocks;
        // without the deferral to the end of the loop's turn, it would be one per turn
        assertThat(drainersStarted.get()).isEqualTo(2);
    }

    @Test
    void aCallerRunsExecutorThatIsFullNeitherNestsDrainersNorLosesTurns() throws InterruptedException {
        ThreadPoolExecutor full = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                new ThreadPoolExecutor.CallerRunsPolicy());
        pools.add(full);
        CountDownLatch release = new CountDownLatch(1);
        full.execute(() -> awaitQuietly(release)); // the only thread
        full.execute(() -> awaitQuietly(release)); // and the only queue slot
        SessionScheduler scheduler = new SessionScheduler(full);
        List<Runnable> loopTasks = new ArrayList<>();
        int turns = 20_000; // one drainer nested per waiting session would overflow the stack long before
        AtomicInteger ran = new AtomicInteger();
        try {
            for (int i = 0; i < turns; i++) {
                scheduler.submit(ran::incrementAndGet, loopTasks::add);
            }
            loopTasks.forEach(Runnable::run); // the loop's turn ends: the executor runs the drainer right here

            assertThat(ran.get()).isEqualTo(turns);
            scheduler.submit(ran::incrementAndGet, Runnable::run);
            assertThat(ran.get()).as("a later turn still runs").isEqualTo(turns + 1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void eachEventLoopDefersItsOwnStart() throws Exception {
        SessionScheduler scheduler = new SessionScheduler(pool(1));
        List<Runnable> firstLoopTasks = new ArrayList<>();
        List<Runnable> secondLoopTasks = new ArrayList<>();
        CountDownLatch secondRan = new CountDownLatch(1);

        pool(1).submit(() -> scheduler.submit(() -> { }, firstLoopTasks::add)).get(10, TimeUnit.SECONDS);
        pool(1).submit(() -> scheduler.submit(secondRan::countDown, secondLoopTasks::add)).get(10, TimeUnit.SECONDS);

        // the first loop is still busy with its turn; the second must not wait for it
        assertThat(firstLoopTasks).hasSize(1);
        assertThat(secondLoopTasks).hasSize(1);
        secondLoopTasks.forEach(Runnable::run);
        assertThat(secondRan.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
