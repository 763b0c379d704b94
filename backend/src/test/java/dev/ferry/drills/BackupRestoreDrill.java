package dev.ferry.drills;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.ferry.test.FerryProcess;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;

/**
 * The backup and restore procedure of docs/operations-drills.md, drilled: {@code pg_dump}
 * of Ferry's database a quarter into the load; Ferry goes on creating accounts the backup
 * knows nothing of; then the database is lost (Ferry killed with it). The backup is
 * restored into a fresh database, Ferry starts on it with a fresh Redis, resumes the
 * interrupted work and converges, matching the accounts created after the backup instead
 * of creating them again.
 */
class BackupRestoreDrill {

	@Test
	void restoredFromABackupTakenMidLoad() throws Exception {
		try (Drill drill = Drill.create("backup-restore")) {
			FerryProcess before = drill.startFerry("before", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			Path backup = Files.createTempFile("ferry-drill-", ".dump");
			drill.postgres.dump(drill.database(), backup);
			int atBackup = drill.created();
			// changes the backup does not know of: the restored Ferry reads them from the
			// System Log again
			drill.changeProfiles("Backup");
			drill.awaitCreated(PEOPLE / 2);
			drill.failed();
			before.kill();
			int atLoss = drill.created();
			System.out.printf("[%s] backup taken at %d accounts, database lost at %d%n", drill.name, atBackup, atLoss);

			drill.postgres.restore(backup, "ferry_restored");
			drill.ownRedis().flushAll();
			drill.useDatabase("ferry_restored", "ferry-drill-restored:");
			drill.startFerry("restored", ROLES_ALL);
			drill.recovered();
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("Backup mid-load, database lost, restored into a fresh database", "backup at " + atBackup
					+ " accounts, lost at " + atLoss + "; recovery time includes the restore " + "and Ferry's start");
			Files.deleteIfExists(backup);
		}
	}

}
