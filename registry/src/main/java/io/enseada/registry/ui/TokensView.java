package io.enseada.registry.ui;

import io.enseada.registry.identity.TokenService;
import java.util.List;

/**
 * The caller's API tokens, the form that creates one, and — once, right after creating it — the
 * new token's secret.
 *
 * @param created the token just created, with its secret; null on every other view of the page
 * @param error why the last creation was refused, or null
 * @param repositories the repositories a new token may be limited to
 */
public record TokensView(
        List<TokenService.TokenView> tokens,
        TokenService.CreatedToken created,
        String error,
        List<String> repositories) {}
