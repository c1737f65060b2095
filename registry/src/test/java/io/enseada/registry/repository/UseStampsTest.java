package io.enseada.registry.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UseStampsTest {
    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final UseStamps stamps = new UseStamps("use-stamps-test", clock);
    private final List<String> written = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        stamps.close();
    }

    @Test
    void anItemServedAllHourIsStampedOnceWithTheTimeOfItsFirstRequest() {
        for (int i = 0; i < 50; i++) {
            stamps.served("app.jar", now -> written.add("app.jar@" + now));
            clock.advance(Duration.ofMinutes(1));
        }
        stamps.flush();

        assertThat(written).containsExactly("app.jar@" + START);
    }

    @Test
    void itIsStampedAgainOnceTheHourIsOver() {
        stamps.served("app.jar", now -> written.add("app.jar@" + now));
        clock.advance(UseStamps.EVERY.plusSeconds(1));
        stamps.served("app.jar", now -> written.add("app.jar@" + now));
        stamps.served("lib.jar", now -> written.add("lib.jar@" + now));
        stamps.flush();

        Instant later = START.plus(UseStamps.EVERY).plusSeconds(1);
        assertThat(written).containsExactly("app.jar@" + START, "app.jar@" + later, "lib.jar@" + later);
    }

    @Test
    void aWriteThatFailedIsTriedAgainAtTheNextRequest() {
        stamps.served("app.jar", now -> {
            throw new IllegalStateException("metadata store unavailable");
        });
        stamps.flush();
        stamps.served("app.jar", now -> written.add("app.jar@" + now));
        stamps.flush();

        assertThat(written).containsExactly("app.jar@" + START);
    }

    @Test
    void aRequestAfterCloseNeitherFailsNorWrites() {
        stamps.close();

        stamps.served("app.jar", now -> written.add("app.jar@" + now));

        assertThat(written).isEmpty();
    }
}
