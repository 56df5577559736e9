package dev.graft.core.model;

import java.util.List;

/**
 * How a multi-task model is laid out, saved in {@code model.json} so it can be rebuilt: its tasks
 * and classes, how many trunk modules all tasks share as one copy, and how many of the deeper
 * ones each task copies under the soft-sharing penalty (the rest of the copies are private).
 *
 * @param tasks the tasks, in output order
 * @param sharedModules trunk modules shared as one copy (all of them with hard sharing)
 * @param softModules of the per-task copies, how many (the first) the penalty ties together
 * @param uncertainty whether the model holds learned loss weights
 */
public record MultiTaskLayout(List<Task> tasks, int sharedModules, int softModules, boolean uncertainty) {

    /**
     * One task's output.
     *
     * @param name the task
     * @param main whether it is the main task
     * @param classNames its classes, in output order
     * @param column the manifest column its labels come from
     * @param kind {@code multiclass}, {@code binary} or {@code regression}
     * @param mean a regression task's mean training value: its output is {@code mean + std·y}
     * @param std a regression task's training standard deviation
     */
    public record Task(String name, boolean main, List<String> classNames, String column, String kind, double mean, double std) {

        /** Copies the class list; the column defaults to the task's name, as in a tasks file. */
        public Task {
            classNames = List.copyOf(classNames);
            column = column == null ? name : column;
            kind = kind == null ? "multiclass" : kind;
            std = std > 0 ? std : 1;
        }

        /** @return whether the task predicts a number */
        public boolean regression() {
            return kind.equals("regression");
        }

        /** @return the width of its output: the number of classes, or 1 */
        public int outputs() {
            return regression() ? 1 : classNames.size();
        }
    }

    /** Copies the task list. */
    public MultiTaskLayout {
        tasks = List.copyOf(tasks);
    }

    /** @return the main task */
    public Task mainTask() {
        return tasks.stream().filter(Task::main).findFirst().orElseThrow();
    }

    /**
     * Finds a task's position in the outputs.
     *
     * @param name the task
     * @return its index
     */
    public int indexOf(String name) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no task " + name);
    }
}
