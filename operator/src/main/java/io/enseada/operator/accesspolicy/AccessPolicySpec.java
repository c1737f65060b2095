package io.enseada.operator.accesspolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.operator.common.IsoDurations;
import io.enseada.operator.common.ObjectReference;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Subject;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The desired policy: the schema of {@link io.enseada.shared.model.PolicySpec} (subjects and
 * rules), the Registry it applies to, and optionally credentials for a robot of its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.credentials) || (has(self.subjects) && size(self.subjects) > 0)",
        message = "subjects must not be empty unless credentials are set (the policy's own robot is then its subject)")
@ValidationRule(
        value = "self.registryRef.name == oldSelf.registryRef.name",
        message =
                "registryRef cannot change: the policy's documents are in that Registry's database; create a new AccessPolicy")
public record AccessPolicySpec(
        @Required @JsonPropertyDescription("The Registry, in this namespace, the policy applies to.")
        ObjectReference registryRef,

        @JsonPropertyDescription(
                "Who the policy grants rights to: user:<name>, group:<name>, robot:<name>, anonymous or authenticated. The policy's own robot is added when credentials are set.")
        List<@Pattern(Subject.PATTERN) String> subjects,

        @Required @Size(min = 1) @JsonPropertyDescription("What the subjects may do; the union of all rules applies.")
        List<Rule> rules,

        @JsonPropertyDescription(
                "Create a robot account for this policy, mint a token for it and write it into a Secret in the forms clients use.")
        CredentialsSpec credentials) {

    public List<String> subjectsOrEmpty() {
        return subjects == null ? List.of() : subjects;
    }

    /** One rule, as {@link io.enseada.shared.model.PolicyRule}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(
            @Required
            @Size(min = 1)
            @JsonPropertyDescription(
                    "Repository name globs the rule applies to; * matches within a name (team-*, or * for all).")
            List<@Pattern("^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$") String> repositories,

            @JsonPropertyDescription(
                    "Optional image or package path globs inside the repositories (* within a segment, ** across segments).")
            List<String> paths,

            @Required
            @Size(min = 1)
            @JsonPropertyDescription("Actions granted: read, write, delete, admin (admin includes the others).")
            List<AccessAction> actions) {}

    /** The Secret of the policy's robot token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialsSpec(
            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription("Name of the Secret to write; <policy name>-credentials when unset.")
            String secretName,

            @Size(min = 1)
            @JsonPropertyDescription(
                    "Forms to write: dockerconfigjson (a kubernetes.io/dockerconfigjson Secret usable as an imagePullSecret), npmrc (key .npmrc), maven-settings (key settings.xml); default dockerconfigjson. Every Secret also has the keys username and token.")
            List<CredentialType> types,

            @Pattern(IsoDurations.PATTERN)
            @JsonPropertyDescription(
                    "ISO-8601 duration after which the token is replaced by a new one (e.g. P30D); never when unset.")
            String rotateAfter,

            @JsonPropertyDescription(
                    "Server id of the Maven settings.xml entry; the repository name is a good choice (default enseada).")
            String mavenServerId) {}
}
