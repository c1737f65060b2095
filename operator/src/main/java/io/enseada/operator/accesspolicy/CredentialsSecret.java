package io.enseada.operator.accesspolicy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.operator.common.ControlledDependent;
import io.enseada.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Secret with the policy's robot token, owned by the AccessPolicy. Its content depends on a
 * token the reconciler minted or read back from this very Secret, so the reconciler builds it
 * ({@link #build}) and hands it over in the reconcile's context; {@link #desired} only returns it.
 */
public class CredentialsSecret extends ControlledDependent<Secret, AccessPolicy> {
    public static final String COMPONENT = "credentials";
    public static final String USERNAME_KEY = "username";
    public static final String TOKEN_KEY = "token";
    public static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";
    public static final String NPMRC_KEY = ".npmrc";
    public static final String MAVEN_SETTINGS_KEY = "settings.xml";
    public static final String DOCKER_CONFIG_TYPE = "kubernetes.io/dockerconfigjson";
    private static final String DESIRED = CredentialsSecret.class.getName();

    public CredentialsSecret() {
        super(Secret.class);
    }

    /** By name, so the Secret is found (and deleted) without a token at hand. */
    @Override
    protected ResourceID targetSecondaryResourceID(AccessPolicy policy, Context<AccessPolicy> context) {
        return new ResourceID(
                AccessPolicyNames.secret(policy), policy.getMetadata().getNamespace());
    }

    @Override
    protected Secret desired(AccessPolicy policy, Context<AccessPolicy> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(DESIRED, Secret.class);
    }

    /** Creates or updates the Secret to {@code desired}. */
    public void reconcile(AccessPolicy policy, Context<AccessPolicy> context, Secret desired) {
        context.managedWorkflowAndDependentResourceContext().put(DESIRED, desired);
        reconcile(policy, context);
    }

    public static List<CredentialType> types(AccessPolicySpec.CredentialsSpec credentials) {
        return credentials.types() == null || credentials.types().isEmpty()
                ? List.of(CredentialType.DOCKER_CONFIG_JSON)
                : credentials.types();
    }

    /** The Secret for {@code forms}: always username and token, plus each requested form. */
    public static Secret build(AccessPolicy policy, CredentialForms forms, ObjectMapper mapper) {
        List<CredentialType> types = types(policy.getSpec().credentials());
        Map<String, String> values = new LinkedHashMap<>();
        values.put(USERNAME_KEY, forms.username());
        values.put(TOKEN_KEY, forms.token());
        if (types.contains(CredentialType.DOCKER_CONFIG_JSON)) {
            values.put(DOCKER_CONFIG_KEY, forms.dockerConfigJson(mapper));
        }
        if (types.contains(CredentialType.NPMRC)) {
            values.put(NPMRC_KEY, forms.npmrc());
        }
        if (types.contains(CredentialType.MAVEN_SETTINGS)) {
            values.put(MAVEN_SETTINGS_KEY, forms.mavenSettings());
        }
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((key, value) ->
                data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, "enseada-credentials");
        labels.put(Labels.INSTANCE, policy.getMetadata().getName());
        labels.put(Labels.COMPONENT, COMPONENT);
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
        return new SecretBuilder()
                .withNewMetadata()
                .withName(AccessPolicyNames.secret(policy))
                .withNamespace(policy.getMetadata().getNamespace())
                .withLabels(labels)
                .endMetadata()
                .withType(types.contains(CredentialType.DOCKER_CONFIG_JSON) ? DOCKER_CONFIG_TYPE : "Opaque")
                .withData(data)
                .build();
    }
}
