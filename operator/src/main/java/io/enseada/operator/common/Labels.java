package io.enseada.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels every object the operator creates carries. */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "enseada-operator";
    /** Selector of everything this operator manages, for informers. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

    private Labels() {}

    /** Labels that select the registry pods of one Registry; stable for the life of the Deployment. */
    public static Map<String, String> selector(HasMetadata owner) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, "enseada-registry");
        labels.put(INSTANCE, owner.getMetadata().getName());
        return labels;
    }

    public static Map<String, String> of(HasMetadata owner, String component) {
        Map<String, String> labels = selector(owner);
        labels.put(COMPONENT, component);
        labels.put(MANAGED_BY, OPERATOR);
        return labels;
    }
}
