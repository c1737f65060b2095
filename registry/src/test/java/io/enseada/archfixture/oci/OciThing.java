package io.enseada.archfixture.oci;

import io.enseada.archfixture.npm.NpmThing;

/** Deliberately wrong, for ArchitectureRulesFailTest: one format importing another. */
public class OciThing {
    public NpmThing npm() {
        return new NpmThing();
    }
}
