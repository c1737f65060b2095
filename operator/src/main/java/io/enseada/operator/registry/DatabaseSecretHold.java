package io.enseada.operator.registry;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A finalizer on the Secret with a Registry's CouchDB credentials, held while a Registry uses it.
 * Deleting a namespace deletes the Secret together with the Registry, its Repositories and
 * AccessPolicies; their finalizers still need the database (to revoke tokens, to remove
 * documents), so the Secret stays readable until no Registry that is not gone names it. Only this
 * finalizer is added or removed; the Secret is otherwise left as its owner wrote it.
 */
final class DatabaseSecretHold {
    static final String FINALIZER = "enseada.io/registry-database";

    private DatabaseSecretHold() {}

    /** The credentials Secret of {@code registry}, if it names one. */
    static String secretOf(Registry registry) {
        RegistrySpec.CouchDbCredentialsSpec credentials =
                registry.getSpec().couchdb().credentials();
        return credentials == null ? null : credentials.secretName();
    }

    /**
     * Holds the Secrets the {@code live} Registries of a namespace name and releases the others.
     *
     * @param secrets the operator's cache of Secrets (every Secret it watches)
     * @param live    the Registries of the namespace that are not being deleted, or whose
     *                finalizer has not run yet
     */
    static void update(
            KubernetesClient client,
            InformerEventSource<Secret, Registry> secrets,
            String namespace,
            List<Registry> live) {
        Set<String> used = live.stream()
                .map(DatabaseSecretHold::secretOf)
                .filter(name -> name != null)
                .collect(Collectors.toSet());
        List<Secret> changes = new ArrayList<>();
        secrets.list(namespace, secret -> used.contains(secret.getMetadata().getName()) != held(secret))
                .forEach(changes::add);
        for (Secret secret : changes) {
            boolean hold = used.contains(secret.getMetadata().getName());
            if (hold && secret.isMarkedForDeletion()) {
                continue; // a finalizer cannot be added to an object being deleted
            }
            try {
                client.secrets()
                        .inNamespace(namespace)
                        .withName(secret.getMetadata().getName())
                        .edit(current -> {
                            List<String> finalizers =
                                    new ArrayList<>(current.getMetadata().getFinalizers());
                            finalizers.remove(FINALIZER);
                            if (hold) {
                                finalizers.add(FINALIZER);
                            }
                            current.getMetadata().setFinalizers(finalizers);
                            return current;
                        });
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    private static boolean held(Secret secret) {
        return secret.getMetadata().getFinalizers() != null
                && secret.getMetadata().getFinalizers().contains(FINALIZER);
    }
}
