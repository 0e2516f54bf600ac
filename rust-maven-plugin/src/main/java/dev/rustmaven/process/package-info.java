/** Running external programs (cargo, rustc) with streamed output and clean interruption. */
package dev.rustmaven.process;
