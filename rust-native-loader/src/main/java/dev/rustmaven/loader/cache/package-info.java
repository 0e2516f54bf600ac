/**
 * The on-disk cache of extracted native libraries: which directories may hold it and in what
 * order, directories keyed by sha256, atomic publication safe across threads and JVMs,
 * verification before use, and the mount checks that tell whether a directory can hold loadable
 * code at all.
 */
package dev.rustmaven.loader.cache;
