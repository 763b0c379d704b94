package dev.ferry.connector;

import java.util.List;
import java.util.Map;

/**
 * Changes since a stored position, for a source Ferry polls (ConnId's sync operation):
 * the safety net under pushed change notifications.
 */
public interface SyncOp {

	/**
	 * The ids of people and groups that changed since {@code position}, and the position
	 * to resume from next time. A null position starts now.
	 */
	Changes changesSince(String position);

	/**
	 * @param changedIdentities ids of people who changed (coalesced, duplicates removed)
	 * @param changedGroups ids of groups that changed (membership, name)
	 * @param position where to resume
	 * @param eventsByIdentity the ids of the events that named each person (a push
	 * notification may deliver the same ids), so a change already delivered need not be
	 * synced twice
	 */
	record Changes(List<String> changedIdentities, List<String> changedGroups, String position,
			Map<String, List<String>> eventsByIdentity) {

	}

}
