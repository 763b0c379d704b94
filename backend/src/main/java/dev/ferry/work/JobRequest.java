package dev.ferry.work;

/**
 * A job's parameters, as a record of one type per job kind, instead of a loose map. It is
 * stored as the job's flat payload of strings (the format jobs have always had, so jobs
 * queued before a change are still read): each component by name, with null and
 * {@code false} left out. Leaving them out is what makes merging two waiting jobs
 * (docs/work.md) merge their requests field by field: a later request's trigger wins, and
 * a flag one of them set stays set.
 */
public interface JobRequest {

	/** The kind of job that carries it out ({@link JobHandler#kind()}). */
	String kind();

}
