package io.enseada.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;

import java.util.List;
import java.util.Optional;

/** Machine accounts for CI: no password, tokens only. */
public final class RobotService {
    private final DocumentStore store;
    private final DocumentView<RobotRecord> robots;
    private final ObjectMapper json;

    public RobotService(DocumentStore store, DocumentView<RobotRecord> robots, ObjectMapper json) {
        this.store = store;
        this.robots = robots;
        this.json = json;
    }

    public record RobotRequest(String name, String description, Boolean disabled) {
    }

    public List<RobotRecord> list() {
        return List.copyOf(robots.all());
    }

    public Optional<RobotRecord> get(String name) {
        return robots.get(DocumentIds.robot(name));
    }

    public RobotRecord create(RobotRequest request) {
        RobotRecord robot = new RobotRecord(Names.account("name", request.name()), request.description(),
                Boolean.TRUE.equals(request.disabled()));
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
            return json.valueToTree(new RobotRecord(robot.name(),
                    request.description() == null ? robot.description() : request.description(),
                    request.disabled() == null ? robot.disabled() : request.disabled()));
        }).orElseThrow(() -> new NotFoundException("robot " + name + " not found"));
        robots.refresh(id);
        return get(name).orElseThrow();
    }

    public void delete(String name) {
        String id = DocumentIds.robot(name);
        if (robots.get(id).isEmpty()) {
            throw new NotFoundException("robot " + name + " not found");
        }
        store.update(id, current -> null);
        robots.refresh(id);
    }
}
