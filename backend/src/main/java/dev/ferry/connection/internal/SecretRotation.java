package dev.ferry.connection.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.SealedColumn;
import dev.ferry.system.SecretBox;
import dev.ferry.system.TenantContext;

/**
 * Re-encrypts every stored secret with the active key. The rotation command:
 * {@code java -jar ferry.jar --ferry.secrets.rotate=true} with {@code FERRY_SECRET_KEYS}
 * holding the old and the new key and {@code FERRY_SECRET_ACTIVE_KEY} naming the new one;
 * it rotates, logs the count and exits. Afterwards the old key can be removed from
 * {@code FERRY_SECRET_KEYS}.
 */
@Component
public class SecretRotation implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SecretRotation.class);

	private final JdbcTemplate jdbc;

	private final SecretBox secrets;

	private final TransactionTemplate transactions;

	private final Environment environment;

	private final ConnectionStore connections;

	private final ApplicationContext context;

	private final List<SealedColumn> sealed;

	SecretRotation(JdbcTemplate jdbc, SecretBox secrets, TransactionTemplate transactions, Environment environment,
			ApplicationContext context, ConnectionStore connections, List<SealedColumn> sealed) {
		this.connections = connections;
		this.sealed = sealed;
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.transactions = transactions;
		this.environment = environment;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!environment.getProperty("ferry.secrets.rotate", Boolean.class, false)) {
			return;
		}
		int rotated = rotateAll();
		log.info("Re-encrypted {} secret(s) with key '{}'.", rotated, secrets.activeKeyId());
		System.exit(SpringApplication.exit(context, () -> 0));
	}

	/**
	 * @return how many values were re-encrypted
	 */
	public int rotateAll() {
		int[] count = { 0 };
		transactions.executeWithoutResult(status -> count[0] += rotate("tenant", "oidc_client_secret", "id"));
		for (SealedColumn column : sealed) {
			if (!column.tenantOwned()) {
				transactions
					.executeWithoutResult(status -> count[0] += rotate(column.table(), column.column(), column.key()));
			}
		}
		for (UUID tenant : jdbc.queryForList("select id from tenant", UUID.class)) {
			TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> {
				for (ConnectionStore.Side side : ConnectionStore.Side.values()) {
					count[0] += rotateConnection(side, tenant);
				}
				// under row-level security: each organisation's rows while it is current
				for (SealedColumn column : sealed) {
					if (column.tenantOwned()) {
						count[0] += rotate(column.table(), column.column(), column.key());
					}
				}
			}));
		}
		return count[0];
	}

	/** A connection's secrets, sealed one by one in a JSON object. */
	private int rotateConnection(ConnectionStore.Side side, UUID tenant) {
		var row = connections.find(side, tenant).orElse(null);
		if (row == null) {
			return 0;
		}
		int count = 0;
		Map<String, String> resealed = new LinkedHashMap<>();
		for (Map.Entry<String, String> secret : row.sealedSecrets().entrySet()) {
			if (secrets.needsRotation(secret.getValue())) {
				resealed.put(secret.getKey(), secrets.encrypt(secrets.decrypt(secret.getValue())));
				count++;
			}
			else {
				resealed.put(secret.getKey(), secret.getValue());
			}
		}
		if (count > 0) {
			connections.resealed(side, tenant, resealed);
		}
		return count;
	}

	private int rotate(String table, String column, String key) {
		int count = 0;
		List<Object[]> rows = jdbc.query(
				"select " + key + ", " + column + " from " + table + " where " + column + " is not null for update",
				(rs, i) -> new Object[] { rs.getObject(1), rs.getString(2) });
		for (Object[] row : rows) {
			String ciphertext = (String) row[1];
			if (secrets.needsRotation(ciphertext)) {
				jdbc.update("update " + table + " set " + column + " = ? where " + key + " = ?",
						secrets.encrypt(secrets.decrypt(ciphertext)), row[0]);
				count++;
			}
		}
		return count;
	}

}
