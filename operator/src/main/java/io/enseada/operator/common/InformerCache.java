package io.enseada.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Secondary resources read from the cache of the informer a reconciler registered for them (by its
 * event source name), without a request to the API server. One exception: a stopping operator
 * stops its informers, emptying their caches, while its last reconciles still run; a miss in a
 * stopped cache is asked of the API server, so those reconciles do not act on a resource that only
 * looks deleted.
 */
public final class InformerCache {
    private InformerCache() {}

    public static <R extends HasMetadata, P extends HasMetadata> Optional<R> get(
            Context<P> context, Class<R> type, String eventSource, ResourceID id) {
        InformerEventSource<R, P> source = source(context, type, eventSource);
        Optional<R> cached = source.get(id);
        // read first, then ask whether it ran: a cache is emptied only after its informer stops running
        if (cached.isPresent() || source.isRunning()) {
            return cached;
        }
        return Optional.ofNullable(context.getClient()
                .resources(type)
                .inNamespace(id.getNamespace().orElseThrow())
                .withName(id.getName())
                .get());
    }

    public static <R extends HasMetadata, P extends HasMetadata> Stream<R> list(
            Context<P> context, Class<R> type, String eventSource, String namespace, Predicate<R> wanted) {
        InformerEventSource<R, P> source = source(context, type, eventSource);
        var cached = source.list(namespace, wanted).toList();
        if (source.isRunning()) {
            return cached.stream();
        }
        return context.getClient().resources(type).inNamespace(namespace).list().getItems().stream()
                .filter(wanted);
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> source(
            Context<P> context, Class<R> type, String name) {
        return (InformerEventSource<R, P>) context.eventSourceRetriever().getEventSourceFor(type, name);
    }
}
