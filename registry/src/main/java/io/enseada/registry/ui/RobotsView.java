package io.enseada.registry.ui;

import io.enseada.registry.identity.TokenService;
import io.enseada.shared.model.RobotRecord;
import java.util.List;

/**
 * The robots, the form that creates one, and — once, right after creating it — its first token.
 *
 * @param created the token just made for a new robot, with its secret; null on every other view
 * @param error why the last change was refused, or null
 */
public record RobotsView(List<RobotRecord> robots, TokenService.CreatedToken created, String error) {}
