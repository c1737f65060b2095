package io.enseada.registry.ui;

import io.enseada.registry.identity.UserService;
import java.util.List;

/**
 * The users, by name, and the form that creates one.
 *
 * @param error why the last change was refused, or null
 */
public record UsersView(List<UserService.UserView> users, String error) {}
