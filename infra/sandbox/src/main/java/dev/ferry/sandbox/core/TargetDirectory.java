package dev.ferry.sandbox.core;

import java.util.List;

/**
 * The orgs or accounts of one kind that exist in the sandbox right now. One per
 * {@link TargetKind}.
 */
public interface TargetDirectory {

	TargetKind kind();

	List<String> names();

	default boolean exists(String name) {
		return names().contains(name);
	}

}
