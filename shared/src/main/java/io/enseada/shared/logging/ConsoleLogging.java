package io.enseada.shared.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * How both workloads log: one line per event on standard output, as text or as one JSON object
 * carrying the formatted message, its arguments and its key-value pairs (never the bare
 * {@code {}} template). Applied in code once the settings are known, so the file-based bootstrap
 * configuration stays a single appender that logback has nothing to warn about — a warning would
 * make it print its own status lines at start.
 */
public final class ConsoleLogging {
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";

    private ConsoleLogging() {}

    /**
     * @param json   one JSON object per line instead of text
     * @param level  level of the root logger (error, warn, info, debug, trace)
     * @param levels levels of particular loggers, kept whatever the root level is
     */
    public static void apply(boolean json, String level, Map<String, String> levels) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        Encoder<ILoggingEvent> encoder = json ? jsonEncoder() : textEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
        levels.forEach((name, loggerLevel) -> context.getLogger(name).setLevel(Level.toLevel(loggerLevel, Level.INFO)));
    }

    private static Encoder<ILoggingEvent> jsonEncoder() {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithArguments(true);
        encoder.setWithKVPList(true);
        return encoder;
    }

    private static Encoder<ILoggingEvent> textEncoder() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        return encoder;
    }
}
