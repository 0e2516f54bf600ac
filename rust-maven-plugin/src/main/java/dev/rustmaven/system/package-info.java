/**
 * Facts about the machine the build runs on (operating system, Java, environment variables, home
 * directory, file conventions), read once per build and passed down, so that no other code reads
 * {@code System.getenv} or {@code System.getProperty} and every host case can be tested anywhere.
 */
package dev.rustmaven.system;
