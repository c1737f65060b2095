package io.enseada.registry.errors;

import io.enseada.shared.model.StorageQuota;

/**
 * A write that would take a repository beyond its storage quota. Each protocol answers it in its
 * own terms: OCI {@code DENIED} (403), Maven and npm 413, always with this message.
 */
public class QuotaExceededException extends RuntimeException {
    public QuotaExceededException(String repository, StorageQuota quota, long used, long incoming) {
        super("repository " + repository + " holds " + used + " bytes of its " + quota.text() + " quota ("
                + quota.bytes() + " bytes)"
                + (incoming > 0 ? "; this write of " + incoming + " bytes would exceed it" : " and takes no more")
                + ": delete what it no longer needs, or ask an administrator for a larger quota");
    }
}
