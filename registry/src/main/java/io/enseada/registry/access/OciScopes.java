package io.enseada.registry.access;

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

    private OciScopes() {
    }

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
    public static Restriction restriction(List<BearerTokens.Grant> grants) {
        return (repository, path, action) -> {
            for (BearerTokens.Grant grant : grants) {
                if (grant.type().equals("registry") && grant.name().equals("catalog") && action == AccessAction.READ && path == null) {
                    return true;
                }
                if (!grant.type().equals(REPOSITORY) || !covers(grant.actions(), action)) {
                    continue;
                }
                if (grant.name().equals(name(repository, path))
                        || (path == null && grant.name().startsWith(repository + "/") && action == AccessAction.READ)) {
                    return true;
                }
            }
            return false;
        };
    }
}
