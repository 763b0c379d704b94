package dev.ferry.provisioning.internal.groups;

import org.springframework.stereotype.Component;

import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.internal.config.Compiled;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.work.Job;
import dev.ferry.work.JobHandler;

/**
 * A group push for the tenant ({@link GroupPushRequest}): queued by Okta group events
 * (hook deliveries and the System Log), by account changes of one person, at the end of a
 * full reconcile and when the group choice is saved. One key for the whole tenant means
 * the work queue merges a burst of membership events into one waiting push and never runs
 * two pushes of a tenant at once, so two pushes cannot both create the same ShareFile
 * group.
 */
@Component
public class GroupPushHandler implements JobHandler {

	private final Compiled compiled;

	private final TenantConnectors connectors;

	private final GroupPusher pusher;

	private final Runs runs;

	GroupPushHandler(Compiled compiled, TenantConnectors connectors, GroupPusher pusher, Runs runs) {
		this.runs = runs;
		this.compiled = compiled;
		this.connectors = connectors;
		this.pusher = pusher;
	}

	/**
	 * Whether group pushes do anything for this configuration (so callers need not queue
	 * idle jobs).
	 */
	public static boolean pushing(ProvisioningConfig config) {
		return config.enabled() && config.features().pushGroups();
	}

	@Override
	public String kind() {
		return GroupPushRequest.KIND;
	}

	@Override
	public void handle(Job job) throws Exception {
		// a push killed mid-way left its run unfinished: this job replaces it (even when
		// it then does nothing)
		runs.closeAbandoned(RunKind.GROUPS, GroupPushRequest.KEY, null);
		ProvisioningConfig config = compiled.current().config();
		// with the feature off Ferry leaves pushed groups as they are, as Okta does when
		// Push Groups is
		// turned off; choosing no groups with it on is what retires them
		if (!pushing(config)) {
			return;
		}
		pusher.push(job.request(GroupPushRequest.class).trigger(), config, connectors.source(), connectors.target());
	}

}
