package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.triple.Target;

/**
 * A native file built for one target.
 *
 * @param target the target it was built for
 * @param output what cargo reported
 */
public record BuiltOutput(Target target, CargoOutput output) {}
