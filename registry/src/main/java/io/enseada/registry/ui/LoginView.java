package io.enseada.registry.ui;

/**
 * The sign-in form.
 *
 * @param csrf the form's token, matched against the sign-in cookie it was issued with
 * @param next where a successful sign-in goes
 * @param error why the last attempt failed, or null
 */
public record LoginView(String csrf, String next, String username, String error) {}
