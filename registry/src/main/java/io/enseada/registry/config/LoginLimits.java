package io.enseada.registry.config;

/** How many failed logins, per account and per address, are tolerated within the throttle's window. */
public record LoginLimits(int perAccount, int perAddress) {}
