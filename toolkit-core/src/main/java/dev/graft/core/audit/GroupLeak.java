package dev.graft.core.audit;

import java.util.Map;

/**
 * A group id (patient, lesion) whose images a run would put in more than one split.
 *
 * @param group the group id
 * @param imagesBySplit how many of its images each split holds
 */
public record GroupLeak(String group, Map<String, Integer> imagesBySplit) { }
