package dev.ferry.provisioning;

import java.util.List;
import java.util.Map;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.jakarta.rs.json.JacksonJsonProvider;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.JdkHttpConnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ferry's SCIM endpoint driven by a SCIM client Ferry did not write (UnboundID's SCIM 2
 * SDK client on Jersey), with its own model classes, filter builder and PATCH builder:
 * users and groups created, found, patched, read and deleted, and the service's own
 * description read as a client discovers it.
 */
@FerryIntegrationTest
class IndependentScimClientIT {

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	ScimTokens scimTokens;

	Client client;

	@AfterEach
	void close() {
		if (client != null) {
			client.close();
		}
	}

	@Test
	void anIndependentClientManagesUsersAndGroups() throws ScimException {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		String token = world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));
		ClientConfig config = new ClientConfig().connectorProvider(JdkHttpConnector.PROVIDER)
			.register(new JacksonJsonProvider(JsonUtils.createJsonMapper()))
			.register((ClientRequestFilter) request -> request.getHeaders()
				.putSingle("Authorization", "Bearer " + token));
		client = JerseyClientBuilder.createClient(config);
		ScimService scim = new ScimService(client.target(scimTokens.baseUrl(world.tenant.slug())));

		assertThat(scim.getServiceProviderConfig().getPatch().isSupported()).isTrue();
		assertThat(scim.getResourceTypes().getResources()).extracting(type -> type.getEndpoint().toString())
			.contains("/Users", "/Groups");

		String email = "grace.hopper@" + world.org + ".example";
		UserResource grace = new UserResource().setUserName(email)
			.setName(new Name().setGivenName("Grace").setFamilyName("Hopper"))
			.setEmails(List.of(new Email().setValue(email).setType("work").setPrimary(true)));
		grace.setActive(true);
		grace.setExternalId("ext-grace");
		UserResource created = scim.create("Users", grace);
		assertThat(created.getId()).isNotBlank();
		assertThat(created.getMeta().getLocation().toString()).endsWith("/Users/" + created.getId());

		ListResponse<UserResource> found = scim.searchRequest("Users")
			.filter(Filter.and(Filter.eq("userName", email.toUpperCase(java.util.Locale.ROOT)),
					Filter.pr("externalId")))
			.invoke(UserResource.class);
		assertThat(found.getTotalResults()).isEqualTo(1);
		assertThat(found.getResources().get(0).getName().getFamilyName()).isEqualTo("Hopper");

		UserResource patched = scim.modifyRequest("Users", created.getId())
			.replaceValue("name.familyName", "Hopper-Murray")
			.replaceValue("active", false)
			.invoke(UserResource.class);
		assertThat(patched.getName().getFamilyName()).isEqualTo("Hopper-Murray");
		assertThat(patched.getActive()).isFalse();
		assertThat(scim.retrieve("Users", created.getId(), UserResource.class).getActive()).isFalse();

		GroupResource engineers = scim.create("Groups", new GroupResource().setDisplayName("Engineers")
			.setMembers(List.of(new Member().setValue(created.getId()))));
		assertThat(engineers.getMembers()).extracting(Member::getValue).containsExactly(created.getId());
		GroupResource emptied = scim.modifyRequest("Groups", engineers.getId())
			.removeValues("members[value eq \"" + created.getId() + "\"]")
			.replaceValue("displayName", "Platform")
			.invoke(GroupResource.class);
		assertThat(emptied.getDisplayName()).isEqualTo("Platform");
		assertThat(emptied.getMembers() == null || emptied.getMembers().isEmpty()).isTrue();
		assertThat(scim.searchRequest("Groups")
			.filter(Filter.eq("displayName", "platform"))
			.invoke(GroupResource.class)
			.getTotalResults()).isEqualTo(1);

		scim.delete("Groups", engineers.getId());
		scim.delete("Users", created.getId());
		assertThatThrownBy(() -> scim.retrieve("Users", created.getId(), UserResource.class))
			.isInstanceOf(ResourceNotFoundException.class);
	}

}
