package io.enseada.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived signed JWTs for the Docker token flow (HS256 through Nimbus JOSE+JWT). Every
 * replica that shares the signing key accepts the tokens of every other. A JWT names the
 * credential it was issued for (the API token's id, or a fingerprint of the password hash), so
 * that the authenticator can end it as soon as that credential is revoked or changed, and it
 * never outlives that credential.
 */
public final class BearerTokens {
    private static final String ISSUER = "enseada";
    private static final String ACCESS = "access";
    private static final String TOKEN_ID = "tid";
    private static final String PASSWORD = "pwd";

    private final byte[] key;
    private final Duration lifetime;
    private final Clock clock;
    private final Cache<String, Optional<Claims>> verified;

    /** @param signingKey any secret; it is stretched to the 256 bits HS256 needs */
    public BearerTokens(String signingKey, Duration lifetime, Clock clock) {
        this.key = sha256(signingKey);
        this.lifetime = lifetime;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(lifetime)
                .build();
    }

    /** One {@code access} entry of the Docker token: a resource and the actions granted on it. */
    public record Grant(String type, String name, List<String> actions) {}

    public record Issued(String token, Instant issuedAt, Duration expiresIn) {}

    /**
     * The verified content of a token: who, what it grants, until when, and which credential it
     * stands for (at most one of {@code tokenId} and {@code passwordFingerprint}; neither for anonymous).
     */
    public record Claims(
            String subject, List<Grant> access, Instant expiresAt, String tokenId, String passwordFingerprint) {}

    /** A token for {@code caller}, bound to its credential and ending no later than it. */
    public Issued issue(Principal caller, String audience, List<Grant> access) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        Credential credential = caller.credential();
        if (credential.expiresAt() != null && credential.expiresAt().isBefore(expires)) {
            expires = credential.expiresAt();
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Grant grant : access) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", grant.type());
            entry.put("name", grant.name());
            entry.put("actions", grant.actions());
            entries.add(entry);
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(caller.subject())
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim(ACCESS, entries);
        if (credential.tokenId() != null) {
            claims.claim(TOKEN_ID, credential.tokenId());
        } else if (credential.passwordFingerprint() != null) {
            claims.claim(PASSWORD, credential.passwordFingerprint());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(key));
            return new Issued(jwt.serialize(), now, Duration.between(now, expires));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    /** Empty when the token is malformed, forged, expired or not ours. */
    public Optional<Claims> verify(String token) {
        // Clients send the same token with every request of a pull or push; the signature check
        // and JSON parsing are done once per token, expiry on every use.
        Optional<Claims> claims = verified.get(token, this::parseAndVerify);
        return claims.filter(c -> clock.instant().isBefore(c.expiresAt()));
    }

    private Optional<Claims> parseAndVerify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (!ISSUER.equals(claims.getIssuer())
                    || claims.getExpirationTime() == null
                    || !now.isBefore(claims.getExpirationTime().toInstant())
                    || (claims.getNotBeforeTime() != null
                            && now.isBefore(claims.getNotBeforeTime().toInstant()))) {
                return Optional.empty();
            }
            List<Grant> access = new ArrayList<>();
            Object raw = claims.getClaim(ACCESS);
            if (raw instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> map && map.get("actions") instanceof List<?> actions) {
                        access.add(new Grant(
                                String.valueOf(map.get("type")),
                                String.valueOf(map.get("name")),
                                actions.stream().map(String::valueOf).toList()));
                    }
                }
            }
            return Optional.of(new Claims(
                    claims.getSubject(),
                    access,
                    claims.getExpirationTime().toInstant(),
                    claims.getStringClaim(TOKEN_ID),
                    claims.getStringClaim(PASSWORD)));
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
