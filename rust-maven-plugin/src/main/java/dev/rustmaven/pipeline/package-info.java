/** The build as a whole: the request, the per-target cargo runs, the outputs they produced. */
package dev.rustmaven.pipeline;
