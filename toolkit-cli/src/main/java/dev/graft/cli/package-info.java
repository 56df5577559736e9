/** The graft command line: command groups, option parsing, exit codes. */
package dev.graft.cli;
