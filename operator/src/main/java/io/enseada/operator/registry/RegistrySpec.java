package io.enseada.operator.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.operator.common.SecretKeyReference;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The desired registry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrySpec(
        @JsonPropertyDescription("Registry container image; the operator's default registry image when unset.")
        String image,

        @Min(0)
        @Max(100)
        @JsonPropertyDescription(
                "Number of registry pods (default 1). More than one needs S3 storage or a ReadWriteMany claim; a PodDisruptionBudget keeps one available.")
        Integer replicas,

        @JsonPropertyDescription("CPU and memory requests and limits of the registry container.")
        ResourceRequirements resources,

        @Pattern("^https?://[^\\s/]+(/.*)?$")
        @JsonPropertyDescription(
                "URL clients reach the registry at, e.g. https://registry.example.com; used in repository usage hints and OCI token realms.")
        String publicUrl,

        @Required @JsonPropertyDescription("Where package bytes are stored: exactly one of s3 or filesystem.")
        StorageSpec storage,

        @Required
        @JsonPropertyDescription(
                "The CouchDB that holds the registry's metadata; repositories and access policies are written there.")
        CouchDbSpec couchdb,

        @JsonPropertyDescription(
                "Serve HTTPS with the certificate and key of this kubernetes.io/tls Secret (keys tls.crt and tls.key).")
        TlsSpec tls,

        @JsonPropertyDescription(
                "Secret key holding the key that signs OCI bearer tokens (32+ characters). When unset the operator generates one into the Secret <name>-token-signing-key and keeps it.")
        SecretKeyReference tokenSigningKey,

        @JsonPropertyDescription(
                "Secret key holding the password of the bootstrap user 'admin' (default key: password).")
        SecretKeyReference adminPassword,

        @JsonPropertyDescription("Expose the registry through an Ingress.")
        IngressSpec ingress,

        @JsonPropertyDescription("Log format of the registry: json (default) or text.")
        LogFormat logFormat) {

    public int replicasOrDefault() {
        return replicas == null ? 1 : replicas;
    }

    public LogFormat logFormatOrDefault() {
        return logFormat == null ? LogFormat.json : logFormat;
    }

    /** Registry log formats, as the registry's ENSEADA_LOG_FORMAT spells them. */
    public enum LogFormat {
        json,
        text
    }

    /** Blob storage. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.s3) != has(self.filesystem)", message = "set exactly one of s3 or filesystem")
    public record StorageSpec(
            @JsonPropertyDescription("Store blobs in an S3 bucket (AWS or an S3-compatible server).")
            S3Spec s3,

            @JsonPropertyDescription("Store blobs on a PersistentVolumeClaim mounted into every registry pod.")
            FilesystemSpec filesystem) {}

    /** S3 storage. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record S3Spec(
            @Required @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$") @JsonPropertyDescription("Bucket name.")
            String bucket,

            @Pattern("^https?://.+$")
            @JsonPropertyDescription("Endpoint URL of an S3-compatible server; AWS when unset.")
            String endpoint,

            @JsonPropertyDescription("Region (default us-east-1).")
            String region,

            @JsonPropertyDescription("Path-style addressing, needed by most S3-compatible servers.")
            Boolean pathStyle,

            @JsonPropertyDescription("Key prefix inside the bucket.")
            String prefix,

            @JsonPropertyDescription(
                    "Secret with the access key: keys accessKeyId and secretAccessKey. The AWS default credential chain (e.g. IRSA) when unset.")
            S3CredentialsSpec credentials) {}

    /** Where the S3 access key is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record S3CredentialsSpec(
            @Required
            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription("Name of the Secret in this namespace.")
            String secretName,

            @JsonPropertyDescription("Key of the access key id (default accessKeyId).")
            String accessKeyIdKey,

            @JsonPropertyDescription("Key of the secret access key (default secretAccessKey).")
            String secretAccessKeyKey) {

        public String accessKeyIdKeyOrDefault() {
            return accessKeyIdKey == null ? "accessKeyId" : accessKeyIdKey;
        }

        public String secretAccessKeyKeyOrDefault() {
            return secretAccessKeyKey == null ? "secretAccessKey" : secretAccessKeyKey;
        }
    }

    /** Filesystem storage on a claim. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FilesystemSpec(
            @Required
            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription(
                    "Name of the PersistentVolumeClaim in this namespace; it must be ReadWriteMany when replicas > 1.")
            String claimName) {}

    /** The CouchDB connection. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CouchDbSpec(
            @Required
            @Pattern("^https?://[^\\s]+$")
            @JsonPropertyDescription("CouchDB URL, e.g. http://couchdb.db:5984.")
            String url,

            @Pattern("^[a-z][a-z0-9_$()+/-]*$")
            @JsonPropertyDescription("Database name (default enseada); created when missing.")
            String database,

            @JsonPropertyDescription("Secret with the CouchDB user: keys username and password.")
            CouchDbCredentialsSpec credentials) {

        public String databaseOrDefault() {
            return database == null ? "enseada" : database;
        }
    }

    /** Where the CouchDB user is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CouchDbCredentialsSpec(
            @Required
            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription("Name of the Secret in this namespace.")
            String secretName,

            @JsonPropertyDescription("Key of the user name (default username).")
            String usernameKey,

            @JsonPropertyDescription("Key of the password (default password).")
            String passwordKey) {

        public String usernameKeyOrDefault() {
            return usernameKey == null ? "username" : usernameKey;
        }

        public String passwordKeyOrDefault() {
            return passwordKey == null ? "password" : passwordKey;
        }
    }

    /** HTTPS on the registry pods. */
    public record TlsSpec(
            @Required
            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription("Name of a kubernetes.io/tls Secret in this namespace.")
            String secretName) {}

    /** An Ingress in front of the Service. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IngressSpec(
            @Required
            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription("Host name the Ingress routes to the registry.")
            String host,

            @JsonPropertyDescription("IngressClass to use; the cluster default when unset.")
            String className,

            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription("kubernetes.io/tls Secret terminating TLS at the Ingress for host.")
            String tlsSecretName,

            @JsonPropertyDescription(
                    "Extra annotations of the Ingress, e.g. for the ingress controller's body size limit.")
            java.util.Map<String, String> annotations) {}
}
