package io.enseada.operator.registry;

import io.enseada.shared.store.DocumentStore;
import java.util.List;

/**
 * The tokens the operator minted in a Registry's database for the AccessPolicies of a namespace,
 * which a Registry that goes away revokes. The AccessPolicy side knows which tokens those are; the
 * Registry only asks for them to be revoked.
 */
public interface MintedTokens {

    /** Revokes every such token, also those of policies deleted since; returns the revoked ids. */
    List<String> revokeAllOfNamespace(DocumentStore store, String namespace);
}
