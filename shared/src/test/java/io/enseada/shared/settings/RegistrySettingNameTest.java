package io.enseada.shared.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RegistrySettingNameTest {

    @Test
    void eachVariableIsTheConstantsNameUnderTheEnseadaPrefix() {
        Arrays.stream(RegistrySettingName.values())
                .forEach(name -> assertThat(name.variable()).isEqualTo("ENSEADA_" + name.name()));
    }
}
