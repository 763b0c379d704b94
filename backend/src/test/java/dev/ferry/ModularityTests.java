package dev.ferry;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Keeps Ferry's module structure honest: each top-level package is a module, modules use
 * each other only through their public (top-level) types, and there are no cycles. Also
 * writes the module documentation (target/spring-modulith-docs) that docs/architecture.md
 * links to.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(FerryApplication.class);

	@Test
	void modulesAreWellFormed() {
		modules.verify();
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml().writeModuleCanvases();
	}

}
