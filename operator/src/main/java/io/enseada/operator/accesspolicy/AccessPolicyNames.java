package io.enseada.operator.accesspolicy;

import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.Subject;

/**
 * Names derived from an AccessPolicy's namespace and name, in one place, so that its documents and
 * its Secret are found again without any state: {@code policy:<namespace>.<name>}, the robot
 * {@code <namespace>.<name>} and the Secret {@code <name>-credentials} unless the spec names one.
 */
public final class AccessPolicyNames {
    private AccessPolicyNames() {}

    /** The registry-side policy name; '.' cannot occur in a namespace, so names never collide. */
    public static String policy(AccessPolicy policy) {
        return policy.getMetadata().getNamespace() + "." + policy.getMetadata().getName();
    }

    public static String policyDocument(AccessPolicy policy) {
        return DocumentIds.policy(policy(policy));
    }

    public static String robot(AccessPolicy policy) {
        return policy.getMetadata().getNamespace() + "." + policy.getMetadata().getName();
    }

    public static String robotSubject(AccessPolicy policy) {
        return Subject.robot(robot(policy));
    }

    public static String robotDocument(AccessPolicy policy) {
        return DocumentIds.robot(robot(policy));
    }

    public static String secret(AccessPolicy policy) {
        AccessPolicySpec.CredentialsSpec credentials = policy.getSpec().credentials();
        return credentials != null && credentials.secretName() != null
                ? credentials.secretName()
                : policy.getMetadata().getName() + "-credentials";
    }

    /** What the token's description and the robot's say, so an administrator sees where they come from. */
    public static String description(AccessPolicy policy) {
        return "AccessPolicy " + policy.getMetadata().getNamespace() + "/"
                + policy.getMetadata().getName() + " (managed by enseada-operator)";
    }
}
