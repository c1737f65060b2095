package io.enseada.registry.ui;

import io.enseada.registry.audit.AuditLog;
import java.util.List;

/**
 * One page of the audit log under its filter.
 *
 * @param next the link to the older entries, or null on the last page
 * @param older whether this page starts past the newest entries
 */
public record AuditView(AuditLog.Filter filter, List<AuditLog.Entry> entries, String next, boolean older) {}
