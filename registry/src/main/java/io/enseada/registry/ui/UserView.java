package io.enseada.registry.ui;

import io.enseada.registry.identity.UserService;

/**
 * One user's page: the form that changes it and the button that deletes it.
 *
 * @param error why the last change was refused, or null
 */
public record UserView(UserService.UserView user, String error) {}
