package dev.ferry.tenant.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import dev.ferry.tenant.Member;
import dev.ferry.tenant.Role;

/**
 * Members of the current tenant only: Hibernate's @TenantId and row-level security both
 * filter.
 */
public interface MemberRepository extends JpaRepository<Member, UUID> {

	Optional<Member> findByIssuerAndSubject(String issuer, String subject);

	Optional<Member> findByIssuerAndLogin(String issuer, String login);

	List<Member> findAllByOrderByLogin();

	long countByRole(Role role);

}
