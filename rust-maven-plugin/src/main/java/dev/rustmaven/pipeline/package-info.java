/**
 * The one build: {@link dev.rustmaven.pipeline.Pipeline} wires the steps from
 * {@link dev.rustmaven.pipeline.PipelineSettings} and either builds a crate for each target (provision
 * rust-std, decide and prepare the link, run cargo, check the outputs, plan the attachments and pack the
 * jars) or only provisions the targets ({@code rust:fetch}). The goals call it; nothing here knows Maven.
 */
package dev.rustmaven.pipeline;
