package io.enseada.shared.settings;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrySettingNameTest {

    @Test
    void eachVariableIsTheConstantsNameUnderTheEnseadaPrefix() {
        Arrays.stream(RegistrySettingName.values())
                .forEach(name -> assertThat(name.variable()).isEqualTo("ENSEADA_" + name.name()));
    }
}
