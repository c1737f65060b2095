package io.enseada.operator.accesspolicy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.operator.registry.MintedTokens;
import io.enseada.operator.store.ManagedDocuments;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.TokenSecret;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The robot account of an AccessPolicy and its tokens, as documents in the Registry's database.
 * Only a token's SHA-256 is stored; the value leaves here once, in {@link Minted}, for the Secret.
 * Every document carries the policy as owner, so a robot or token made through the registry's API
 * is never touched.
 */
public final class RobotAccounts implements MintedTokens {
    private static final int PAGE = 200;

    private final ManagedDocuments documents;
    private final ObjectMapper mapper;
    private final SecureRandom random;

    public RobotAccounts(ManagedDocuments documents, ObjectMapper mapper, SecureRandom random) {
        this.documents = documents;
        this.mapper = mapper;
        this.random = random;
    }

    /** A token just created: the value for the Secret and the record as stored. */
    public record Minted(TokenSecret secret, TokenRecord record) {
        @Override
        public String toString() {
            return "Minted[" + record.id() + "]";
        }
    }

    /** Creates the robot or puts it back as it should be (enabled, described). */
    public ManagedDocuments.Outcome ensureRobot(DocumentStore store, AccessPolicy policy) {
        RobotRecord robot =
                new RobotRecord(AccessPolicyNames.robot(policy), AccessPolicyNames.description(policy), false);
        return documents.write(store, robot.documentId(), robot, policy);
    }

    /** The document of token {@code id}, if it exists and this policy minted it for its robot. */
    public Optional<TokenRecord> token(DocumentStore store, AccessPolicy policy, String id) {
        return store.get(DocumentIds.token(id))
                .filter(document -> ManagedDocuments.isOwnedBy(document.body(), policy))
                .map(document -> mapper.convertValue(document.body(), TokenRecord.class))
                .filter(record -> AccessPolicyNames.robotSubject(policy).equals(record.owner()));
    }

    public Minted mint(DocumentStore store, AccessPolicy policy, Instant now, Instant expiresAt) {
        TokenSecret secret = TokenSecret.generate(random);
        TokenRecord record = new TokenRecord(
                secret.id(),
                AccessPolicyNames.robotSubject(policy),
                AccessPolicyNames.description(policy),
                secret.hash(),
                now,
                expiresAt,
                List.of(),
                false,
                null);
        documents.create(store, record.documentId(), record, policy);
        return new Minted(secret, record);
    }

    /** Every token this policy minted for its robot, revoked ones included. */
    public List<TokenRecord> tokens(DocumentStore store, AccessPolicy policy) {
        String owner = AccessPolicyNames.robotSubject(policy);
        return tokenDocuments(
                        store,
                        body -> ManagedDocuments.isOwnedBy(body, policy)
                                && owner.equals(body.path("owner").asText()))
                .stream()
                .map(document -> mapper.convertValue(document.body(), TokenRecord.class))
                .toList();
    }

    /**
     * Revokes every token that an AccessPolicy of {@code namespace} minted in this database, also
     * those of policies deleted since; for a Registry that goes away. Returns the revoked ids.
     */
    @Override
    public List<String> revokeAllOfNamespace(DocumentStore store, String namespace) {
        String policies = HasMetadata.getKind(AccessPolicy.class) + "/" + namespace + "/";
        List<String> revoked = new ArrayList<>();
        for (Document document : tokenDocuments(
                store,
                body -> body.path(ManagedDocuments.MANAGED_BY).asText("").startsWith(policies)
                        && !body.path("revoked").asBoolean(false))) {
            String owner = document.body().path(ManagedDocuments.MANAGED_BY).asText();
            documents.modify(store, document.id(), owner, body -> body.put("revoked", true));
            revoked.add(document.body().path("id").asText(document.id()));
        }
        return revoked;
    }

    private static List<Document> tokenDocuments(DocumentStore store, java.util.function.Predicate<ObjectNode> wanted) {
        List<Document> found = new ArrayList<>();
        String after = null;
        do {
            Page page = store.list(DocumentIds.TOKEN_PREFIX, after, PAGE);
            page.documents().stream()
                    .filter(document -> wanted.test(document.body()))
                    .forEach(found::add);
            after = page.next();
        } while (after != null);
        return found;
    }

    /** Revokes (keeps, with {@code revoked: true}) those of {@code tokens} not yet revoked; returns their ids. */
    public List<String> revoke(DocumentStore store, AccessPolicy policy, List<TokenRecord> tokens) {
        List<String> revoked = new ArrayList<>();
        for (TokenRecord token : tokens) {
            if (!token.revoked()) {
                documents.modify(store, token.documentId(), policy, body -> body.put("revoked", true));
                revoked.add(token.id());
            }
        }
        return revoked;
    }

    /** The policy no longer wants credentials (or is gone): every token revoked, the robot deleted. */
    public List<String> retire(DocumentStore store, AccessPolicy policy) {
        List<String> revoked = revoke(store, policy, tokens(store, policy));
        documents.remove(store, AccessPolicyNames.robotDocument(policy), policy);
        return revoked;
    }
}
