/** The Mojos: they read parameters, build an immutable request, call the core and map its problems. */
package dev.rustmaven.plugin;
