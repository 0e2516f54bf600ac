package dev.rustmaven.loader.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArmAttributesTest {

    @Test
    void readsIntegerTagsAfterAStringTag() {
        // given: Tag_CPU_name "ARM1176JZF-S" (a string), Tag_CPU_arch 7 (v6KZ), Tag_ABI_VFP_args 1
        byte[] section = ElfBuilder.armAttributes(
                "ARM1176JZF-S", ArmAttributes.TAG_CPU_ARCH, 7, ArmAttributes.TAG_ABI_VFP_ARGS, 1);

        // when
        ArmAttributes attributes = ArmAttributes.parse(section, true);

        // then
        assertThat(attributes.get(ArmAttributes.TAG_CPU_ARCH)).isEqualTo(7L);
        assertThat(attributes.get(ArmAttributes.TAG_ABI_VFP_ARGS)).isEqualTo(1L);
        assertThat(attributes.get(5)).isNull();
    }

    @Test
    void softFloatObjectSaysVfpArgsZero() {
        // given
        byte[] section =
                ElfBuilder.armAttributes("7-A", ArmAttributes.TAG_CPU_ARCH, 10, ArmAttributes.TAG_ABI_VFP_ARGS, 0);

        // when
        ArmAttributes attributes = ArmAttributes.parse(section, true);

        // then
        assertThat(attributes.get(ArmAttributes.TAG_ABI_VFP_ARGS)).isZero();
    }

    @Test
    void damagedOrForeignSectionsYieldNothing() {
        assertThat(ArmAttributes.parse(null, true).get(ArmAttributes.TAG_ABI_VFP_ARGS))
                .isNull();
        assertThat(ArmAttributes.parse(new byte[] {'B', 1, 2}, true).get(ArmAttributes.TAG_CPU_ARCH))
                .isNull();
        assertThat(ArmAttributes.parse(new byte[] {'A', 2, 0, 0, 0}, true).get(ArmAttributes.TAG_CPU_ARCH))
                .isNull();
    }
}
