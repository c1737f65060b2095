package io.enseada.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.CompiledPolicy;
import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.util.List;
import java.util.Optional;

/** Access policies: who may do what on which repositories. */
public final class PolicyService {
    private final DocumentStore store;
    private final DocumentView<CompiledPolicy> policies;
    private final ObjectMapper json;

    public PolicyService(DocumentStore store, DocumentView<CompiledPolicy> policies, ObjectMapper json) {
        this.store = store;
        this.policies = policies;
        this.json = json;
    }

    public List<PolicySpec> list() {
        return policies.all().stream().map(CompiledPolicy::spec).toList();
    }

    public Optional<PolicySpec> get(String name) {
        return policies.get(DocumentIds.policy(name)).map(CompiledPolicy::spec);
    }

    public PolicySpec create(PolicySpec policy) {
        try {
            store.put(policy.documentId(), null, (ObjectNode) json.valueToTree(policy));
        } catch (DocumentConflictException e) {
            throw new ConflictException("policy " + policy.name() + " already exists");
        }
        policies.refresh(policy.documentId());
        return policy;
    }

    public PolicySpec replace(String name, PolicySpec policy) {
        if (!name.equals(policy.name())) {
            throw new ValidationException(
                    "name", "name '" + policy.name() + "' does not match the URL's '" + name + "'");
        }
        ObjectNode desired = json.valueToTree(policy);
        store.update(policy.documentId(), current -> current == null ? null : desired)
                .orElseThrow(() -> new NotFoundException("policy " + name + " not found"));
        policies.refresh(policy.documentId());
        return policy;
    }

    public void delete(String name) {
        String id = DocumentIds.policy(name);
        if (policies.get(id).isEmpty()) {
            throw new NotFoundException("policy " + name + " not found");
        }
        store.update(id, current -> null);
        policies.refresh(id);
    }
}
