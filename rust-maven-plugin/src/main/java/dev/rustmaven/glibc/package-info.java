/** glibc ABI data, glibc floors and the generated stub libraries that stand in for a target's glibc. */
package dev.rustmaven.glibc;
