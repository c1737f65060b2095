package io.enseada.archfixture.npm;

import software.amazon.awssdk.services.s3.S3Client;

/** Deliberately wrong, for ArchitectureRulesFailTest: a format holding an S3 client. */
public class NpmThing {
    private S3Client client;

    public S3Client client() {
        return client;
    }
}
