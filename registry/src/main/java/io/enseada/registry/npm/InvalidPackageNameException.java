package io.enseada.registry.npm;

/** A package name npm would not accept. */
public class InvalidPackageNameException extends NpmException {
    public InvalidPackageNameException(String name, String problem) {
        super(Kind.INVALID, "invalid package name '" + name + "': " + problem);
    }
}
