package dev.ferry.connection.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import dev.ferry.connection.ShareFileConnection;

public interface ShareFileConnectionRepository extends JpaRepository<ShareFileConnection, UUID> {

}
