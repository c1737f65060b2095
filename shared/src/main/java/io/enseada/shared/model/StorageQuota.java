package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository's storage quota, written as a Kubernetes quantity ({@code 10Gi}, {@code 500M},
 * {@code 1.5Ti}, a plain number of bytes) and kept as written, so that the YAML, the stored
 * document and the {@code Repository} resource say the same.
 */
public record StorageQuota(String text, long bytes) {
    /** The quantities accepted: a decimal number and an optional binary or decimal suffix. */
    public static final String PATTERN = "^[0-9]{1,19}(\\.[0-9]{1,9})?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

    private static final Pattern QUANTITY =
            Pattern.compile("^(?<number>[0-9]{1,19}(\\.[0-9]{1,9})?)(?<unit>Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$");
    private static final Map<String, BigDecimal> UNITS = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    public StorageQuota {
        if (bytes < 1) {
            throw new IllegalArgumentException("quota must be at least one byte, not " + text);
        }
    }

    @JsonCreator
    public static StorageQuota parse(String text) {
        Matcher matcher = text == null ? null : QUANTITY.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException(
                    "quota must be a quantity such as 10Gi, 500Mi or 2G (suffixes Ki Mi Gi Ti Pi Ei k M G T P E), not "
                            + (text == null ? "null" : "'" + text + "'"));
        }
        String unit = matcher.group("unit") == null ? "" : matcher.group("unit");
        BigDecimal bytes = new BigDecimal(matcher.group("number")).multiply(UNITS.get(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("quota " + text + " is larger than " + Long.MAX_VALUE + " bytes");
        }
        return new StorageQuota(text, bytes.longValue());
    }

    @JsonValue
    @Override
    public String text() {
        return text;
    }
}
