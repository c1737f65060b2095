package io.enseada.registry.npm;

/** A package name npm would not accept. */
public class InvalidPackageNameException extends NpmException {
    public InvalidPackageNameException(String name, String problem) {
        super(400, "invalid package name '" + name + "': " + problem);
    }
}
