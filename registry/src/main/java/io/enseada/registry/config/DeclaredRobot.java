package io.enseada.registry.config;

/**
 * A robot declared in the YAML file's {@code robots:} list: what an administrator sets. Its uid is
 * the registry's own (kept while the robot exists, new when it is created), never declared.
 */
public record DeclaredRobot(String name, String description, boolean disabled) {}
