package io.enseada.registry.config;

/**
 * What one client may hold of the server: how fast its request bodies must arrive (bytes per
 * second) and how many of its requests are worked on at once.
 */
public record ClientLimits(int minBodyRate, int maxRequestsPerAddress) {}
