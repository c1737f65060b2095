package io.enseada.registry.access;

import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.shared.model.AccessAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Docker token flow's vocabulary: OCI names ({@code <repository>/<path>}) and the actions
 * {@code pull}, {@code push}, {@code delete} and {@code *}, mapped to Enseada's actions.
 */
public final class OciScopes {
    public static final String REPOSITORY = "repository";

    private OciScopes() {}

    public static String ociAction(AccessAction action) {
        return switch (action) {
            case READ -> "pull";
            case WRITE -> "push";
            case DELETE -> "delete";
            case ADMIN -> "*";
        };
    }

    public static boolean covers(List<String> ociActions, AccessAction action) {
        return ociActions.contains("*") || ociActions.contains(ociAction(action));
    }

    /** The actions to write into a token for what the caller holds, in the order the client asked. */
    public static List<String> grantable(List<String> requested, Set<AccessAction> held) {
        List<String> granted = new ArrayList<>();
        for (String wanted : requested) {
            boolean ok = switch (wanted) {
                case "pull" -> held.contains(AccessAction.READ);
                case "push" -> held.contains(AccessAction.WRITE);
                case "delete" -> held.contains(AccessAction.DELETE);
                case "*" -> held.containsAll(List.of(AccessAction.READ, AccessAction.WRITE, AccessAction.DELETE));
                default -> false;
            };
            if (ok && !granted.contains(wanted)) {
                granted.add(wanted);
            }
        }
        return granted;
    }

    public static String name(String repository, String path) {
        return path == null || path.isEmpty() ? repository : repository + "/" + path;
    }

    /** What a bearer JWT allows: exactly its grants. */
    public static TokenGrants restriction(List<BearerTokens.Grant> grants) {
        return new TokenGrants(grants);
    }

    /**
     * A challenge's scope for what was asked: {@code registry:catalog:*}, or
     * {@code repository:<name>:<actions>} with the actions a client should ask for — a push asks
     * for {@code pull,push}, as distribution's clients do.
     */
    public static String scope(AccessDeniedException.Target target) {
        if (target.isCatalog()) {
            return "registry:catalog:*";
        }
        String actions = target.action() == AccessAction.WRITE ? "pull,push" : ociAction(target.action());
        return REPOSITORY + ":" + name(target.repository(), target.path()) + ":" + actions;
    }
}
