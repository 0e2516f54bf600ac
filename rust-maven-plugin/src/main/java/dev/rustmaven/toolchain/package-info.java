/** Finding cargo and rustc and reading what the compiler says about itself (host, release, sysroot, targets). */
package dev.rustmaven.toolchain;
