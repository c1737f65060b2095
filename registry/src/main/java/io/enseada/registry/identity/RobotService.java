package io.enseada.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.Subject;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.util.List;
import java.util.Optional;

/** Machine accounts for CI: no password, tokens only. */
public final class RobotService {
    private final DocumentStore store;
    private final DocumentView<RobotRecord> robots;
    private final TokenService tokens;
    private final ObjectMapper json;

    public RobotService(DocumentStore store, DocumentView<RobotRecord> robots, TokenService tokens, ObjectMapper json) {
        this.store = store;
        this.robots = robots;
        this.tokens = tokens;
        this.json = json;
    }

    public record RobotRequest(String name, String description, Boolean disabled) {}

    public List<RobotRecord> list() {
        return List.copyOf(robots.all());
    }

    public Optional<RobotRecord> get(String name) {
        return robots.get(DocumentIds.robot(name));
    }

    public RobotRecord create(RobotRequest request) {
        RobotRecord robot = new RobotRecord(
                Names.account("name", request.name()),
                request.description(),
                Boolean.TRUE.equals(request.disabled()),
                Accounts.newUid());
        try {
            store.put(robot.documentId(), null, (ObjectNode) json.valueToTree(robot));
        } catch (DocumentConflictException e) {
            throw new ConflictException("robot " + robot.name() + " already exists");
        }
        robots.refresh(robot.documentId());
        return robot;
    }

    public RobotRecord update(String name, RobotRequest request) {
        String id = DocumentIds.robot(name);
        store.update(id, current -> {
                    if (current == null) {
                        return null;
                    }
                    RobotRecord robot = json.convertValue(current, RobotRecord.class);
                    return json.valueToTree(new RobotRecord(
                            robot.name(),
                            request.description() == null ? robot.description() : request.description(),
                            request.disabled() == null ? robot.disabled() : request.disabled(),
                            robot.uid()));
                })
                .orElseThrow(() -> new NotFoundException("robot " + name + " not found"));
        robots.refresh(id);
        return get(name).orElseThrow();
    }

    /**
     * Revokes the robot's tokens, then removes the robot (see {@link UserService#delete}).
     *
     * @return how many tokens were revoked
     */
    public int delete(String name) {
        String id = DocumentIds.robot(name);
        if (robots.get(id).isEmpty()) {
            throw new NotFoundException("robot " + name + " not found");
        }
        int revoked = tokens.revokeAllOf(Subject.robot(name));
        store.update(id, current -> null);
        robots.refresh(id);
        return revoked;
    }
}
