package io.enseada.registry.identity;

import java.util.UUID;

/** What every kind of account shares. */
public final class Accounts {
    private Accounts() {}

    /** A fresh uid for an account being created, so that its tokens belong to this incarnation only. */
    public static String newUid() {
        return UUID.randomUUID().toString();
    }
}
