package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One write, recorded: who did what to which target, when, from where, and how it ended.
 *
 * @param action e.g. {@code oci.push}, {@code maven.deploy}, {@code npm.publish}, {@code token.create}
 * @param target e.g. {@code containers/team/app:1.4} or {@code token:abc}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(Instant at, String actor, String action, String target, String source, String outcome) {}
