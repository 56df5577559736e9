/** Classification metrics with bootstrap confidence intervals. */
package dev.graft.core.metric;
