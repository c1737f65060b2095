package io.enseada.operator.common;

/**
 * JSONPaths of the columns {@code kubectl get} shows for the Enseada resources (annotation values,
 * so constants). Declaring columns replaces kubectl's default ones, so Age is declared too.
 */
public final class PrinterColumns {
    public static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";
    public static final String REASON = ".status.conditions[?(@.type==\"Ready\")].reason";
    public static final String MESSAGE = ".status.conditions[?(@.type==\"Ready\")].message";
    public static final String SYNCED = ".status.conditions[?(@.type==\"Synced\")].status";
    public static final String AGE = ".metadata.creationTimestamp";

    private PrinterColumns() {}
}
