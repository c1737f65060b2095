package io.enseada.operator.registry;

import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;

/**
 * The document store behind a Registry: its CouchDB database, with the credentials of the Secret
 * the Registry names. Stores are kept open and shared between reconciles; the caller does not
 * close them.
 */
public interface RegistryStores {

    /**
     * The registry's database, created when missing.
     *
     * @throws DocumentStoreException when CouchDB cannot be reached or refuses the credentials
     * @throws IllegalStateException  when a Secret the Registry names is missing
     */
    DocumentStore open(Registry registry);
}
