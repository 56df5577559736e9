/** The terminal graft writes to: whether stderr is one, its width, and keeping native libraries' chatter off it. */
package dev.graft.cli.console;
