/** One class per graft verb; all logic lives in the toolkit core. */
package dev.graft.cli.command;
