/** The embedded offline demonstration of transfer learning on synthetic lesions. */
package dev.graft.core.demo;
