package dev.ferry.provisioning.internal.groups;

import java.util.List;
import java.util.Set;

import dev.ferry.provisioning.ProvisioningConfig.GroupPush;

/**
 * Which Okta groups the configuration chooses for Push Groups: by exact name, or by a
 * {@link GroupPattern}.
 *
 * <p>
 * A group chosen by name is followed through renames: Ferry remembers which configured
 * name chose it ({@code group_link.chosen_by_name}), and while that name is still
 * configured the group stays chosen under its new name, as Okta's own Push Groups follows
 * a pushed group rather than a string. A group chosen only by a pattern stays chosen
 * while its current name matches.
 *
 * @param names exact names (case-sensitive, as Okta shows them)
 * @param patterns name patterns
 */
public record GroupSelection(Set<String> names, List<GroupPattern> patterns) {

	public static GroupSelection of(GroupPush push) {
		return new GroupSelection(Set.copyOf(push.groups()), push.patterns().stream().map(GroupPattern::new).toList());
	}

	/**
	 * @param name the group's name in Okta now
	 * @param chosenByName the configured name that chose it when Ferry last pushed it;
	 * null if none
	 */
	public boolean chooses(String name, String chosenByName) {
		return names.contains(name) || (chosenByName != null && names.contains(chosenByName))
				|| patterns.stream().anyMatch(pattern -> pattern.matches(name));
	}

	/**
	 * The configured name to remember for the group from now on (for following renames);
	 * null if none.
	 */
	String chosenByName(String name, String previous) {
		if (names.contains(name)) {
			return name;
		}
		return previous != null && names.contains(previous) ? previous : null;
	}

}
