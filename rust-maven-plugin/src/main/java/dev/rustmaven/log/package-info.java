/** The logging seam between the Maven-free core and whoever runs it (the Mojos, tests). */
package dev.rustmaven.log;
