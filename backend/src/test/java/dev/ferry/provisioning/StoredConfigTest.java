package dev.ferry.provisioning;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.TestSchemas;
import dev.ferry.provisioning.ProvisioningConfig.ImportSettings.CreateInSource;
import dev.ferry.provisioning.ProvisioningConfig.Mapping.Direction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings saved before the mapping directions were named by side (TO_SHAREFILE, TO_OKTA,
 * createInOkta) read as they meant: an organisation's stored document keeps working after
 * the rename, and is written back in the new words.
 */
class StoredConfigTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void settingsStoredWithTheOldNamesReadAsTheNewOnes() {
		String stored = JSON.writeValueAsString(ProvisioningConfig.defaults(TestSchemas.SHAREFILE_LIKE))
			.replace("\"TO_TARGET\"", "\"TO_SHAREFILE\"")
			.replace("\"createInSource\":\"NEVER\"", "\"createInOkta\":\"STAGED\"");
		String withImportRow = stored.replaceFirst("\"mappings\":\\[",
				"\"mappings\":[{\"target\":\"department\",\"expression\":\"account.Company\",\"direction\":\"TO_OKTA\"},");
		assertThat(withImportRow).contains("TO_SHAREFILE", "TO_OKTA", "createInOkta");

		ProvisioningConfig config = JSON.readValue(withImportRow, ProvisioningConfig.class);

		assertThat(config.mappings()).extracting(ProvisioningConfig.Mapping::direction)
			.startsWith(Direction.TO_SOURCE)
			.containsOnly(Direction.TO_SOURCE, Direction.TO_TARGET)
			.filteredOn(direction -> direction == Direction.TO_TARGET)
			.hasSize(ProvisioningConfig.defaults(TestSchemas.SHAREFILE_LIKE).mappings().size());
		assertThat(config.importSettings().createInSource()).isEqualTo(CreateInSource.STAGED);
		assertThat(JSON.writeValueAsString(config)).doesNotContain("SHAREFILE", "OKTA", "createInOkta");
	}

}
