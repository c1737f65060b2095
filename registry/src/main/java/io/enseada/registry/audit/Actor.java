package io.enseada.registry.audit;

import io.enseada.registry.access.Principal;

/** Who asks for a change and from where, as the audit log records it. */
public record Actor(Principal principal, String address) {}
