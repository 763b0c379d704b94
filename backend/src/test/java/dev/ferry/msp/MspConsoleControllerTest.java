package dev.ferry.msp;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.signin.FerryUser;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.tenant.Membership;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.TenantKind;
import dev.ferry.test.PortalSlice;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The console's web decisions without a database: htmx gets the table alone and the
 * summary with a trigger that refreshes the table, the query's sort and filter reach the
 * rows, a customer organisation has no console (its address leads to its overview), and a
 * bulk action without customers runs nothing.
 */
@PortalSlice(MspConsoleController.class)
class MspConsoleControllerTest {

	private static final String PAGE = "/t/northwind/customers";

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	MspCustomers customers;

	@MockitoBean
	BulkActions bulk;

	@MockitoBean
	AddCustomer adding;

	SignedIn member;

	@BeforeEach
	void northwind() {
		member = SignedIn.as(Role.OPERATOR, "northwind", seats);
		Membership msp = new Membership(member.seat().tenantId(), "northwind", "Northwind", TenantKind.MSP,
				Role.OPERATOR);
		given(seats.in(member.user(), "northwind")).willReturn(Optional.of(msp));
		given(customers.of(any(), any(FerryUser.class))).willReturn(List.of(row("b", "Beta", 5), row("a", "Alpha", 9)));
	}

	@Test
	void htmxGetsTheTableAloneSortedAndFiltered() throws Exception {
		mvc.perform(get(PAGE).with(member)
			.header("HX-Request", "true")
			.param("sort", "name-asc")
			.param("sort", "failures-desc")
			.param("state", "attention"))
			.andExpect(status().isOk())
			.andExpect(view().name("msp/console :: rows"))
			.andExpect(model().attribute("rows", List.of(row("a", "Alpha", 9), row("b", "Beta", 5))))
			.andExpect(model().attribute("total", 2));
		mvc.perform(get(PAGE).with(member).param("q", "bet"))
			.andExpect(view().name("msp/console"))
			.andExpect(model().attribute("rows", List.of(row("b", "Beta", 5))));
	}

	@Test
	void aCustomerOrganisationHasNoConsole() throws Exception {
		SignedIn customer = SignedIn.as(Role.OWNER, "acme", seats);
		mvc.perform(get("/t/acme/customers").with(customer)).andExpect(redirectedUrl("/t/acme/"));
		mvc.perform(post("/t/acme/customers/bulk").with(customer).param("action", "PAUSE").param("customer", "a"))
			.andExpect(redirectedUrl("/t/acme/"));
		verify(bulk, never()).run(any(), anyList(), any(), any());
	}

	@Test
	void aBulkActionAnswersHtmxWithTheSummaryAndRefreshesTheTable() throws Exception {
		BulkResult result = new BulkResult(BulkAction.PAUSE,
				List.of(new BulkResult.Outcome("a", "Alpha", true, "msp.bulk.reason.pause.done")));
		given(bulk.run(any(), anyList(), any(), any())).willReturn(result);
		mvc.perform(post(PAGE + "/bulk").with(member)
			.header("HX-Request", "true")
			.param("action", "PAUSE")
			.param("customer", "a"))
			.andExpect(status().isOk())
			.andExpect(view().name("msp/bulk-result :: result"))
			.andExpect(header().string("HX-Trigger", "customers-changed"))
			.andExpect(model().attribute("result", result));
	}

	@Test
	void noCustomerTickedRunsNothing() throws Exception {
		mvc.perform(post(PAGE + "/bulk").with(member).header("HX-Request", "true").param("action", "PAUSE"))
			.andExpect(header().string("HX-Retarget", "#flash"));
		mvc.perform(post(PAGE + "/bulk").with(member).param("action", "EXPLODE").param("customer", "a"))
			.andExpect(status().is3xxRedirection());
		verify(bulk, never()).run(any(), anyList(), any(), any());
	}

	@Test
	void addingACustomerNeedsMoreThanAnOperatorsRole() throws Exception {
		mvc.perform(get(PAGE + "/new").with(member)).andExpect(status().isForbidden());
	}

	private static CustomerRow row(String slug, String name, long failures) {
		return new CustomerRow(UUID.nameUUIDFromBytes(slug.getBytes()), slug, name, "ACTIVE", Role.ADMIN, "sharefile",
				true, null, "okta", true, null, true, null, 0, 0, failures, 0, false);
	}

}
