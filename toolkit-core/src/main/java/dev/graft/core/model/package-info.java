/** Transfer models: a cut trunk with a new head, freezing, building, saving and loading. */
package dev.graft.core.model;
