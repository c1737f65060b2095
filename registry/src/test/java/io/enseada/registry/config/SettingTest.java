package io.enseada.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.settings.RegistrySettingName;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The operator sets the variables named in shared/ on the registry's pods; the registry reads only
 * its Settings' variables and ignores any other, so a shared name without a Setting would be an
 * operator setting that silently does nothing.
 */
class SettingTest {

    @Test
    void thereIsOneSettingPerSharedName() {
        assertThat(Arrays.stream(Setting.values()).map(Setting::env))
                .containsExactlyInAnyOrderElementsOf(RegistrySettingName.variables());
    }
}
