/** Packing native outputs as class path resources: the per-triple jars and the bundle in the main jar. */
package dev.rustmaven.packaging;
