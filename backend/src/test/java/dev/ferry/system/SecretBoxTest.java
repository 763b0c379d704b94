package dev.ferry.system;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretBoxTest {

	private static final String OLD = Base64.getEncoder().encodeToString("old-key-32-bytes-long-----------".getBytes());

	private static final String NEW = Base64.getEncoder().encodeToString("new-key-32-bytes-long-----------".getBytes());

	@Test
	void encryptsSoThatOnlyTheKeyCanRead() {
		SecretBox box = new SecretBox(Map.of("k1", OLD), "k1");
		String sealed = box.encrypt("sf-admin-password");
		assertThat(sealed).startsWith("v1:k1:").doesNotContain("sf-admin-password");
		assertThat(box.encrypt("sf-admin-password")).as("a fresh IV every time").isNotEqualTo(sealed);
		assertThat(box.decrypt(sealed)).isEqualTo("sf-admin-password");
	}

	@Test
	void detectsTampering() {
		SecretBox box = new SecretBox(Map.of("k1", OLD), "k1");
		String sealed = box.encrypt("secret");
		byte[] raw = Base64.getDecoder().decode(sealed.substring("v1:k1:".length()));
		raw[raw.length / 2] ^= 0x01;
		String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(raw);
		assertThatIllegalStateException().isThrownBy(() -> box.decrypt(tampered))
			.withMessageContaining("could not be decrypted");
	}

	@Test
	void rotatesToTheActiveKeyWhileStillReadingTheOldOne() {
		String sealedWithOld = new SecretBox(Map.of("k1", OLD), "k1").encrypt("token");
		SecretBox rotated = new SecretBox(Map.of("k1", OLD, "k2", NEW), "k2");
		assertThat(rotated.needsRotation(sealedWithOld)).isTrue();
		String resealed = rotated.encrypt(rotated.decrypt(sealedWithOld));
		assertThat(resealed).startsWith("v1:k2:");
		assertThat(rotated.needsRotation(resealed)).isFalse();
		SecretBox onlyNew = new SecretBox(Map.of("k2", NEW), "k2");
		assertThat(onlyNew.decrypt(resealed)).isEqualTo("token");
		assertThatIllegalStateException().isThrownBy(() -> onlyNew.decrypt(sealedWithOld))
			.withMessageContaining("key 'k1'");
	}

	@Test
	void refusesKeysOfTheWrongSize() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SecretBox(Map.of("k1", Base64.getEncoder().encodeToString(new byte[16])), "k1"))
			.withMessageContaining("32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretBox(Map.of("k1", OLD), "k9"))
			.withMessageContaining("k9");
	}

}
