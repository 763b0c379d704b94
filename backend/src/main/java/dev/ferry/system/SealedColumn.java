package dev.ferry.system;

/**
 * A table column that holds {@link SecretBox} ciphertext, declared as a bean by the
 * module that owns the table, so that key rotation ({@code --ferry.secrets.rotate=true})
 * finds every sealed secret without knowing the modules: a module that adds one declares
 * it here, or its secrets stay under the old key.
 *
 * @param table the table
 * @param column the column holding ciphertext (null when no secret is set)
 * @param key the column that identifies a row
 * @param tenantOwned whether the table is one organisation's (row-level security): then
 * it is rotated organisation by organisation
 */
public record SealedColumn(String table, String column, String key, boolean tenantOwned) {

	public SealedColumn {
		// the names go into SQL: only plain identifiers
		for (String name : new String[] { table, column, key }) {
			if (name == null || !name.matches("[a-z_][a-z0-9_]*")) {
				throw new IllegalArgumentException("Not a plain SQL name: " + name);
			}
		}
	}

}
