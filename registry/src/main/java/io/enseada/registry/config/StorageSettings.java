package io.enseada.registry.config;

import java.net.URI;
import java.nio.file.Path;

/** Where blobs live. */
public sealed interface StorageSettings {

    record Filesystem(Path root) implements StorageSettings {}

    /**
     * @param endpoint null for AWS itself
     * @param accessKeyId null to use the AWS default credential chain
     */
    record S3(
            String bucket,
            URI endpoint,
            String region,
            boolean pathStyle,
            String prefix,
            String accessKeyId,
            Secret secretAccessKey)
            implements StorageSettings {}
}
