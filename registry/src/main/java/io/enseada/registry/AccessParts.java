package io.enseada.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.Authenticator;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.BcryptPasswordHasher;
import io.enseada.registry.access.BearerTokens;
import io.enseada.registry.access.CompiledPolicy;
import io.enseada.registry.access.LoginThrottle;
import io.enseada.registry.access.PasswordHasher;
import io.enseada.registry.access.TokenUsage;
import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.MetadataSettings;
import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.config.Setting;
import io.enseada.registry.identity.AdminBootstrap;
import io.enseada.registry.identity.DeclaredIdentities;
import io.enseada.registry.identity.TokenService;
import io.enseada.registry.metadata.ChangeFanout;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.UserRecord;
import io.enseada.shared.store.DocumentStore;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what, wired once: the admin bootstrap and declared identities applied, the live views
 * of users, robots, tokens and policies, and the authenticator, authorizer and guard built on them.
 */
record AccessParts(
        PasswordHasher hasher,
        DocumentView<UserRecord> users,
        DocumentView<RobotRecord> robots,
        DocumentView<TokenRecord> tokens,
        DocumentView<CompiledPolicy> policies,
        BearerTokens bearerTokens,
        Authorizer authorizer,
        Authenticator authenticator,
        TokenService tokenService,
        AccessGuard guard) {
    private static final Logger LOG = LoggerFactory.getLogger(AccessParts.class);
    private static final Duration BEARER_LIFETIME = Duration.ofMinutes(5);

    static AccessParts build(
            RegistrySettings settings,
            DocumentStore documents,
            ChangeFanout changes,
            RepositoryCatalog repositories,
            ObjectMapper json,
            SecureRandom random,
            Clock clock,
            PrintStream console,
            List<AutoCloseable> resources) {
        PasswordHasher hasher = new BcryptPasswordHasher(random);
        new AdminBootstrap(documents, hasher, json, random)
                .ensureAdmin(settings.adminPassword())
                .ifPresent(password -> showGeneratedPassword(console, password));
        new DeclaredIdentities(documents, hasher, json).apply(settings.users(), settings.robots(), settings.policies());
        DocumentView<UserRecord> users = view(documents, changes, DocumentIds.USER_PREFIX, json, UserRecord.class);
        DocumentView<RobotRecord> robots = view(documents, changes, DocumentIds.ROBOT_PREFIX, json, RobotRecord.class);
        DocumentView<TokenRecord> tokens = view(documents, changes, DocumentIds.TOKEN_PREFIX, json, TokenRecord.class);
        DocumentView<CompiledPolicy> policies = new DocumentView<>(
                        documents,
                        changes,
                        DocumentIds.POLICY_PREFIX,
                        document -> CompiledPolicy.of(json.convertValue(document.body(), PolicySpec.class)))
                .start();

        ExecutorService background = Executors.newSingleThreadExecutor(RegistryServer.daemon("enseada-background"));
        resources.add(background::shutdown);
        BearerTokens bearerTokens = new BearerTokens(signingKey(settings, random), BEARER_LIFETIME, clock);
        Authorizer authorizer = new Authorizer(policies::all);
        LoginThrottle throttle = new LoginThrottle(
                settings.loginLimits().perAccount(), settings.loginLimits().perAddress(), Duration.ofMinutes(5));
        Authenticator authenticator = new Authenticator(
                users,
                robots,
                tokens,
                hasher,
                bearerTokens,
                throttle,
                new TokenUsage(documents, background, clock, Duration.ofMinutes(1)),
                clock);
        TokenService tokenService = new TokenService(documents, tokens, users, robots, json, random, clock);
        return new AccessParts(
                hasher,
                users,
                robots,
                tokens,
                policies,
                bearerTokens,
                authorizer,
                authenticator,
                tokenService,
                new AccessGuard(authenticator, authorizer, repositories::find));
    }

    private static <T> DocumentView<T> view(
            DocumentStore documents, ChangeFanout changes, String prefix, ObjectMapper json, Class<T> type) {
        return new DocumentView<>(documents, changes, prefix, document -> json.convertValue(document.body(), type))
                .start();
    }

    private static String signingKey(RegistrySettings settings, SecureRandom random) {
        if (settings.tokenSigningKey() != null) {
            if (settings.tokenSigningKey().value().length() < 32) {
                throw new ConfigException(Setting.TOKEN_SIGNING_KEY, "must have at least 32 characters");
            }
            return settings.tokenSigningKey().value();
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        if (settings.metadata() instanceof MetadataSettings.CouchDb) {
            LOG.warn(
                    "{} is not set: bearer tokens are signed with a key of this replica only; set it when running several replicas",
                    Setting.TOKEN_SIGNING_KEY.env());
        }
        return Base64.getEncoder().encodeToString(key);
    }

    private static void showGeneratedPassword(PrintStream console, String password) {
        console.println();
        console.println("  Enseada generated a password for the user 'admin'. It is shown only this once:");
        console.println();
        console.println("      " + password);
        console.println();
        console.println("  Set ENSEADA_ADMIN_PASSWORD to choose your own.");
        console.println();
        console.flush();
    }
}
