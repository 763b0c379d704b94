package dev.ferry.connection.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import dev.ferry.connection.OktaConnection;

public interface OktaConnectionRepository extends JpaRepository<OktaConnection, UUID> {

}
