package io.enseada.shared.store;

/** A running changes-feed subscription; closing it stops deliveries. */
public interface ChangeSubscription extends AutoCloseable {
    @Override
    void close();
}
